-- DropIndex
DROP INDEX "Schedule_active_endsAt_idx";

-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN "nextOccurrenceAt" DATETIME;

-- CreateTable
CREATE TABLE "DeferredRecipient" (
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,

    PRIMARY KEY ("requestId", "position"),
    CONSTRAINT "DeferredRecipient_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reservation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "reserveTime" DATETIME NOT NULL,
    "localTime" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "processedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reservation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reservation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Reservation" ("accountId", "createdAt", "id", "localTime", "projectId", "requestId", "reserveTime", "status", "statusReason", "timeZone", "updatedAt") SELECT "accountId", "createdAt", "id", "localTime", "projectId", "requestId", "reserveTime", "status", "statusReason", "timeZone", "updatedAt" FROM "Reservation";
DROP TABLE "Reservation";
ALTER TABLE "new_Reservation" RENAME TO "Reservation";
CREATE UNIQUE INDEX "Reservation_requestId_key" ON "Reservation"("requestId");
CREATE INDEX "Reservation_status_reserveTime_idx" ON "Reservation"("status", "reserveTime");
CREATE INDEX "Reservation_accountId_projectId_reserveTime_idx" ON "Reservation"("accountId", "projectId", "reserveTime");
CREATE TABLE "new_ScheduleOccurrence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "requestId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ScheduleOccurrence_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleOccurrence_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ScheduleTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScheduleOccurrence" ("accountId", "createdAt", "id", "requestId", "scheduleId", "scheduledFor", "status", "statusReason", "templateId") SELECT "accountId", "createdAt", "id", "requestId", "scheduleId", "scheduledFor", "status", "statusReason", "templateId" FROM "ScheduleOccurrence";
DROP TABLE "ScheduleOccurrence";
ALTER TABLE "new_ScheduleOccurrence" RENAME TO "ScheduleOccurrence";
CREATE INDEX "ScheduleOccurrence_status_scheduledFor_idx" ON "ScheduleOccurrence"("status", "scheduledFor");
CREATE INDEX "ScheduleOccurrence_scheduleId_scheduledFor_idx" ON "ScheduleOccurrence"("scheduleId", "scheduledFor");
CREATE UNIQUE INDEX "ScheduleOccurrence_templateId_scheduledFor_key" ON "ScheduleOccurrence"("templateId", "scheduledFor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Schedule_active_nextOccurrenceAt_idx" ON "Schedule"("active", "nextOccurrenceAt");

