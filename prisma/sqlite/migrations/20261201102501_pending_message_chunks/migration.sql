-- CreateTable
CREATE TABLE "PendingMessageChunk" (
    "requestId" TEXT NOT NULL,
    "chunk" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("requestId", "chunk"),
    CONSTRAINT "PendingMessageChunk_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MessageRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

