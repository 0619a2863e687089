-- CreateTable
CREATE TABLE "xl_kb_api_keys" (
    "id" SERIAL NOT NULL,
    "kb_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "xl_kb_api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "xl_kb_api_keys_key_hash_key" ON "xl_kb_api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "xl_kb_api_keys_kb_id_idx" ON "xl_kb_api_keys"("kb_id");

-- AddForeignKey
ALTER TABLE "xl_kb_api_keys" ADD CONSTRAINT "xl_kb_api_keys_kb_id_fkey" FOREIGN KEY ("kb_id") REFERENCES "xl_knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
