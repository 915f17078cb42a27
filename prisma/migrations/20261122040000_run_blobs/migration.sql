-- CreateTable
CREATE TABLE "RunBlob" (
    "runId" TEXT NOT NULL,
    "blobKey" TEXT NOT NULL,
    CONSTRAINT "RunBlob_pkey" PRIMARY KEY ("runId","blobKey")
);
-- CreateIndex
CREATE INDEX "RunBlob_blobKey_idx" ON "RunBlob"("blobKey");
-- AddForeignKey
ALTER TABLE "RunBlob" ADD CONSTRAINT "RunBlob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
