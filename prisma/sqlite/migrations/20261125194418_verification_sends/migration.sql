-- CreateTable
CREATE TABLE "VerificationSend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    CONSTRAINT "VerificationSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "VerificationSend_accountId_number_sentAt_idx" ON "VerificationSend"("accountId", "number", "sentAt");

-- CreateIndex
CREATE INDEX "VerificationSend_sentAt_idx" ON "VerificationSend"("sentAt");

