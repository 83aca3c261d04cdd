-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "eventSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Project_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectAccessKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "accessKey" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ProjectAccessKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectAccessKey_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    CONSTRAINT "StoredFile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SenderNumber" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT,
    "number" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "purpose" TEXT,
    "expectedDailyVolume" INTEGER,
    "proofFileId" TEXT,
    "rejectionReason" TEXT,
    "verificationHash" TEXT,
    "verificationExpires" DATETIME,
    "verificationTries" INTEGER NOT NULL DEFAULT 0,
    "approvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "SenderNumber_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SenderNumber_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SenderNumber_proofFileId_fkey" FOREIGN KEY ("proofFileId") REFERENCES "StoredFile" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SenderNumberReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "senderNumberId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actorKeyId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SenderNumberReview_senderNumberId_fkey" FOREIGN KEY ("senderNumberId") REFERENCES "SenderNumber" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptOutService" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "number080" TEXT,
    "appliedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "billingStartAt" DATETIME,
    "billingEndAt" DATETIME,
    "stoppedAt" DATETIME,
    "purgeAfter" DATETIME,
    CONSTRAINT "OptOutService_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptOutNumber" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OptOutNumber_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OptOutNumber_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "OptOutService" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestedType" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "statusName" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL,
    "nightConsent" BOOLEAN NOT NULL DEFAULT false,
    "idempotencyKey" TEXT,
    "payloadHash" TEXT,
    "requestTime" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduleId" TEXT,
    "occurrenceId" TEXT,
    CONSTRAINT "MessageRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageRequestFile" (
    "requestId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("requestId", "position"),
    CONSTRAINT "MessageRequestFile_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MessageRequestFile_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "resultCode" TEXT,
    "resultMessage" TEXT,
    "telcoCode" TEXT,
    "completeTime" DATETIME,
    "requestTime" DATETIME NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "carrierMessageId" TEXT,
    CONSTRAINT "Message_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageStatusEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "resultCode" TEXT,
    "resultMessage" TEXT,
    "telcoCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MessageStatusEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MessageStatusEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reservation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "reserveTime" DATETIME NOT NULL,
    "localTime" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reservation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reservation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "daysOfWeek" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detachedAt" DATETIME,
    CONSTRAINT "ScheduleTemplate_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleTemplate_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleOccurrence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "requestId" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScheduleOccurrence_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleOccurrence_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ScheduleTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

