-- CreateTable
CREATE TABLE "VerificationSend" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VerificationSend_accountId_number_sentAt_idx" ON "VerificationSend"("accountId", "number", "sentAt");

-- CreateIndex
CREATE INDEX "VerificationSend_sentAt_idx" ON "VerificationSend"("sentAt");

-- AddForeignKey
ALTER TABLE "VerificationSend" ADD CONSTRAINT "VerificationSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

