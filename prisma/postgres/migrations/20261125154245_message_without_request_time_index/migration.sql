-- DropIndex
DROP INDEX "Message_requestTime_idx";

