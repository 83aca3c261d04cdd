-- CreateTable
CREATE TABLE "PendingMessageChunk" (
    "requestId" TEXT NOT NULL,
    "chunk" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingMessageChunk_pkey" PRIMARY KEY ("requestId","chunk")
);

-- AddForeignKey
ALTER TABLE "PendingMessageChunk" ADD CONSTRAINT "PendingMessageChunk_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

