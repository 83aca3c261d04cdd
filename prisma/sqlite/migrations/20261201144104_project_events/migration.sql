-- CreateTable
CREATE TABLE "ProjectEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ProjectEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectEventCounter" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProjectEventCounter_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "eventTypes" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "batchSize" INTEGER NOT NULL DEFAULT 1,
    "secretSealed" TEXT NOT NULL,
    "previousSealed" TEXT,
    "previousUntil" DATETIME,
    "cursorSeq" INTEGER NOT NULL DEFAULT 0,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "pendingToSeq" INTEGER,
    "projectCursorSeq" INTEGER NOT NULL DEFAULT 0,
    "projectPendingToSeq" INTEGER,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "failingSince" DATETIME,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookEndpoint_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebhookEndpoint" ("accountId", "batchSize", "createdAt", "cursorSeq", "description", "disabledReason", "enabled", "epoch", "eventTypes", "failingSince", "failures", "id", "lastError", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "nextAttemptAt", "pendingToSeq", "previousSealed", "previousUntil", "projectId", "secretSealed", "updatedAt", "url") SELECT "accountId", "batchSize", "createdAt", "cursorSeq", "description", "disabledReason", "enabled", "epoch", "eventTypes", "failingSince", "failures", "id", "lastError", "lastSuccessAt", "leaseExpiresAt", "leaseOwner", "nextAttemptAt", "pendingToSeq", "previousSealed", "previousUntil", "projectId", "secretSealed", "updatedAt", "url" FROM "WebhookEndpoint";
DROP TABLE "WebhookEndpoint";
ALTER TABLE "new_WebhookEndpoint" RENAME TO "WebhookEndpoint";
CREATE INDEX "WebhookEndpoint_projectId_idx" ON "WebhookEndpoint"("projectId");
CREATE INDEX "WebhookEndpoint_enabled_nextAttemptAt_idx" ON "WebhookEndpoint"("enabled", "nextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ProjectEvent_createdAt_idx" ON "ProjectEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectEvent_projectId_seq_key" ON "ProjectEvent"("projectId", "seq");

