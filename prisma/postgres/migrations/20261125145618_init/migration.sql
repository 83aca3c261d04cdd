-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('MEMBER', 'OPERATOR');

-- CreateEnum
CREATE TYPE "SenderNumberMethod" AS ENUM ('SMS', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "SenderNumberStatus" AS ENUM ('READY', 'IN_PROGRESS', 'REJECTED', 'APPROVED');

-- CreateEnum
CREATE TYPE "FilePurpose" AS ENUM ('SENDER_PROOF', 'MMS');

-- CreateEnum
CREATE TYPE "OptOutServiceStatus" AS ENUM ('PROCESSING', 'COMPLETE', 'STOPPED');

-- CreateEnum
CREATE TYPE "OptOutSource" AS ENUM ('ARS', 'MANUAL');

-- CreateEnum
CREATE TYPE "MessageType" AS ENUM ('SMS', 'LMS', 'MMS');

-- CreateEnum
CREATE TYPE "RequestedMessageType" AS ENUM ('SMS', 'LMS', 'MMS', 'AUTO');

-- CreateEnum
CREATE TYPE "ContentType" AS ENUM ('COMM', 'AD');

-- CreateEnum
CREATE TYPE "SendMode" AS ENUM ('IMMEDIATE', 'RESERVATION', 'SCHEDULE');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('ACCEPTED', 'REFUSED');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('READY', 'PROCESSING', 'COMPLETED');

-- CreateEnum
CREATE TYPE "MessageResult" AS ENUM ('SUCCESS', 'FAIL');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('READY', 'PROCESSING', 'DONE', 'FAIL', 'CANCELED', 'STALE', 'SKIP');

-- CreateEnum
CREATE TYPE "OccurrenceStatus" AS ENUM ('PENDING', 'PROCESSING', 'DONE', 'FAIL', 'STALE', 'SKIP');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "eventSeq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectAccessKey" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "accessKey" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ProjectAccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "purpose" "FilePurpose" NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderNumber" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT,
    "number" TEXT NOT NULL,
    "method" "SenderNumberMethod" NOT NULL,
    "status" "SenderNumberStatus" NOT NULL,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "purpose" TEXT,
    "expectedDailyVolume" INTEGER,
    "proofFileId" TEXT,
    "rejectionReason" TEXT,
    "verificationHash" TEXT,
    "verificationExpires" TIMESTAMP(3),
    "verificationTries" INTEGER NOT NULL DEFAULT 0,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "SenderNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderNumberReview" (
    "id" TEXT NOT NULL,
    "senderNumberId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "fromStatus" "SenderNumberStatus",
    "toStatus" "SenderNumberStatus" NOT NULL,
    "reason" TEXT,
    "actorKeyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SenderNumberReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OptOutService" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "status" "OptOutServiceStatus" NOT NULL,
    "number080" TEXT,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "billingStartAt" TIMESTAMP(3),
    "billingEndAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "purgeAfter" TIMESTAMP(3),

    CONSTRAINT "OptOutService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OptOutNumber" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "source" "OptOutSource" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OptOutNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageRequest" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestedType" "RequestedMessageType" NOT NULL,
    "type" "MessageType" NOT NULL,
    "contentType" "ContentType" NOT NULL,
    "countryCode" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,
    "mode" "SendMode" NOT NULL,
    "status" "RequestStatus" NOT NULL,
    "statusCode" TEXT NOT NULL,
    "statusName" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL,
    "nightConsent" BOOLEAN NOT NULL DEFAULT false,
    "idempotencyKey" TEXT,
    "payloadHash" TEXT,
    "requestTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduleId" TEXT,
    "occurrenceId" TEXT,

    CONSTRAINT "MessageRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageRequestFile" (
    "requestId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "MessageRequestFile_pkey" PRIMARY KEY ("requestId","position")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "result" "MessageResult",
    "resultCode" TEXT,
    "resultMessage" TEXT,
    "telcoCode" TEXT,
    "completeTime" TIMESTAMP(3),
    "requestTime" TIMESTAMP(3) NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "carrierMessageId" TEXT,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageStatusEvent" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "result" "MessageResult",
    "resultCode" TEXT,
    "resultMessage" TEXT,
    "telcoCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageStatusEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reservation" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "reserveTime" TIMESTAMP(3) NOT NULL,
    "localTime" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "status" "ReservationStatus" NOT NULL,
    "statusReason" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "daysOfWeek" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleTemplate" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detachedAt" TIMESTAMP(3),

    CONSTRAINT "ScheduleTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleOccurrence" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "status" "OccurrenceStatus" NOT NULL,
    "statusReason" TEXT,
    "requestId" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_idx" ON "ApiKey"("accountId");

-- CreateIndex
CREATE INDEX "Project_accountId_deletedAt_idx" ON "Project"("accountId", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectAccessKey_accessKey_key" ON "ProjectAccessKey"("accessKey");

-- CreateIndex
CREATE INDEX "ProjectAccessKey_accountId_idx" ON "ProjectAccessKey"("accountId");

-- CreateIndex
CREATE INDEX "StoredFile_accountId_purpose_idx" ON "StoredFile"("accountId", "purpose");

-- CreateIndex
CREATE INDEX "SenderNumber_accountId_deletedAt_status_idx" ON "SenderNumber"("accountId", "deletedAt", "status");

-- CreateIndex
CREATE INDEX "SenderNumber_status_method_idx" ON "SenderNumber"("status", "method");

-- CreateIndex
CREATE INDEX "SenderNumberReview_senderNumberId_idx" ON "SenderNumberReview"("senderNumberId");

-- CreateIndex
CREATE INDEX "OptOutService_accountId_projectId_status_idx" ON "OptOutService"("accountId", "projectId", "status");

-- CreateIndex
CREATE INDEX "OptOutService_number080_idx" ON "OptOutService"("number080");

-- CreateIndex
CREATE INDEX "OptOutNumber_projectId_number_idx" ON "OptOutNumber"("projectId", "number");

-- CreateIndex
CREATE INDEX "OptOutNumber_serviceId_createdAt_idx" ON "OptOutNumber"("serviceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OptOutNumber_serviceId_number_key" ON "OptOutNumber"("serviceId", "number");

-- CreateIndex
CREATE INDEX "MessageRequest_accountId_projectId_requestTime_idx" ON "MessageRequest"("accountId", "projectId", "requestTime");

-- CreateIndex
CREATE INDEX "MessageRequest_requestTime_idx" ON "MessageRequest"("requestTime");

-- CreateIndex
CREATE UNIQUE INDEX "MessageRequest_accountId_idempotencyKey_key" ON "MessageRequest"("accountId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Message_requestId_idx" ON "Message"("requestId");

-- CreateIndex
CREATE INDEX "Message_status_leaseUntil_idx" ON "Message"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "Message_accountId_projectId_requestTime_idx" ON "Message"("accountId", "projectId", "requestTime");

-- CreateIndex
CREATE INDEX "Message_requestTime_idx" ON "Message"("requestTime");

-- CreateIndex
CREATE INDEX "MessageStatusEvent_requestId_seq_idx" ON "MessageStatusEvent"("requestId", "seq");

-- CreateIndex
CREATE INDEX "MessageStatusEvent_messageId_idx" ON "MessageStatusEvent"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "MessageStatusEvent_projectId_seq_key" ON "MessageStatusEvent"("projectId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Reservation_requestId_key" ON "Reservation"("requestId");

-- CreateIndex
CREATE INDEX "Reservation_status_reserveTime_idx" ON "Reservation"("status", "reserveTime");

-- CreateIndex
CREATE INDEX "Reservation_accountId_projectId_reserveTime_idx" ON "Reservation"("accountId", "projectId", "reserveTime");

-- CreateIndex
CREATE INDEX "Schedule_active_endsAt_idx" ON "Schedule"("active", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_projectId_code_key" ON "Schedule"("projectId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleTemplate_requestId_key" ON "ScheduleTemplate"("requestId");

-- CreateIndex
CREATE INDEX "ScheduleTemplate_scheduleId_idx" ON "ScheduleTemplate"("scheduleId");

-- CreateIndex
CREATE INDEX "ScheduleOccurrence_status_scheduledFor_idx" ON "ScheduleOccurrence"("status", "scheduledFor");

-- CreateIndex
CREATE INDEX "ScheduleOccurrence_scheduleId_scheduledFor_idx" ON "ScheduleOccurrence"("scheduleId", "scheduledFor");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleOccurrence_templateId_scheduledFor_key" ON "ScheduleOccurrence"("templateId", "scheduledFor");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectAccessKey" ADD CONSTRAINT "ProjectAccessKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectAccessKey" ADD CONSTRAINT "ProjectAccessKey_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderNumber" ADD CONSTRAINT "SenderNumber_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderNumber" ADD CONSTRAINT "SenderNumber_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderNumber" ADD CONSTRAINT "SenderNumber_proofFileId_fkey" FOREIGN KEY ("proofFileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderNumberReview" ADD CONSTRAINT "SenderNumberReview_senderNumberId_fkey" FOREIGN KEY ("senderNumberId") REFERENCES "SenderNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptOutService" ADD CONSTRAINT "OptOutService_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptOutNumber" ADD CONSTRAINT "OptOutNumber_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptOutNumber" ADD CONSTRAINT "OptOutNumber_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "OptOutService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageRequest" ADD CONSTRAINT "MessageRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageRequestFile" ADD CONSTRAINT "MessageRequestFile_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageRequestFile" ADD CONSTRAINT "MessageRequestFile_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageStatusEvent" ADD CONSTRAINT "MessageStatusEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageStatusEvent" ADD CONSTRAINT "MessageStatusEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleTemplate" ADD CONSTRAINT "ScheduleTemplate_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleTemplate" ADD CONSTRAINT "ScheduleTemplate_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleOccurrence" ADD CONSTRAINT "ScheduleOccurrence_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleOccurrence" ADD CONSTRAINT "ScheduleOccurrence_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ScheduleTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

