-- AlterEnum
CREATE TYPE "OccurrenceStatus_new" AS ENUM ('PROCESSING', 'DONE', 'FAIL', 'STALE', 'SKIP');
ALTER TABLE "ScheduleOccurrence" ALTER COLUMN "status" TYPE "OccurrenceStatus_new" USING ("status"::text::"OccurrenceStatus_new");
ALTER TYPE "OccurrenceStatus" RENAME TO "OccurrenceStatus_old";
ALTER TYPE "OccurrenceStatus_new" RENAME TO "OccurrenceStatus";
DROP TYPE "OccurrenceStatus_old";

-- DropIndex
DROP INDEX "Schedule_active_endsAt_idx";

-- AlterTable
ALTER TABLE "Reservation" DROP COLUMN "leaseOwner",
DROP COLUMN "leaseUntil",
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "processedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "nextOccurrenceAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ScheduleOccurrence" DROP COLUMN "leaseOwner",
DROP COLUMN "leaseUntil",
ADD COLUMN     "finishedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DeferredRecipient" (
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT,
    "content" TEXT NOT NULL,

    CONSTRAINT "DeferredRecipient_pkey" PRIMARY KEY ("requestId","position")
);

-- CreateIndex
CREATE INDEX "Schedule_active_nextOccurrenceAt_idx" ON "Schedule"("active", "nextOccurrenceAt");

-- AddForeignKey
ALTER TABLE "DeferredRecipient" ADD CONSTRAINT "DeferredRecipient_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

