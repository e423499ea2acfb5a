ALTER TABLE "dues_line" ADD COLUMN "unpaid_run" smallint;--> statement-breakpoint
ALTER TABLE "dues_line" ADD COLUMN "unpaid_since" text;
