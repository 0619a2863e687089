-- AlterTable
ALTER TABLE "xl_comfyui_services" ADD COLUMN     "last_activity" TIMESTAMPTZ(3),
ADD COLUMN     "pid_start_time" TEXT,
ADD COLUMN     "stopped_at" TIMESTAMPTZ(3);
