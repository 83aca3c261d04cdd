-- Hand-written (Prisma's schema cannot express partial indexes): completion-time history
-- search. Only COMPLETED messages have a completeTime, so inserts of new messages never
-- touch this index; a completion adds one entry.
CREATE INDEX "Message_accountId_projectId_completeTime_idx" ON "Message"("accountId", "projectId", "completeTime") WHERE "completeTime" IS NOT NULL;
