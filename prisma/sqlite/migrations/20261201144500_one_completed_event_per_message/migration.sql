-- Hand-written (Prisma's schema cannot express partial indexes): at most one COMPLETED
-- event per message, enforced by the database itself. Subscriptions and webhooks rely on
-- it; the dispatcher's completion guard is the first line, this index the last.
--
-- A database that already holds a second COMPLETED event for a message (the dispatcher
-- matched completions on the message id alone until this migration, and a dispatcher that
-- outlived its own lease could write one per attempt) keeps the first one, the one
-- subscribers and webhooks saw first; the later ones leave a hole in that project's
-- sequence numbers, which readers of the log skip over (they read ranges of seq).
DELETE FROM "MessageStatusEvent"
WHERE "status" = 'COMPLETED'
  AND EXISTS (
    SELECT 1 FROM "MessageStatusEvent" AS "earlier"
    WHERE "earlier"."messageId" = "MessageStatusEvent"."messageId"
      AND "earlier"."status" = 'COMPLETED'
      AND "earlier"."seq" < "MessageStatusEvent"."seq"
  );

CREATE UNIQUE INDEX "MessageStatusEvent_messageId_completed_key" ON "MessageStatusEvent"("messageId") WHERE "status" = 'COMPLETED';
