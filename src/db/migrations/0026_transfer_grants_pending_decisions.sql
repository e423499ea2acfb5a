ALTER TABLE "account_grant" DROP CONSTRAINT "account_grant_actions_ck";--> statement-breakpoint
ALTER TABLE "member_decision" DROP CONSTRAINT "member_decision_dates_ck";--> statement-breakpoint
ALTER TABLE "account_grant" ALTER COLUMN "org_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "member_decision" ALTER COLUMN "effective_on" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "account_grant" ADD COLUMN "transfer_id" integer;--> statement-breakpoint
ALTER TABLE "member_decision" ADD COLUMN "state" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "member_decision" ADD COLUMN "refused_on" date;--> statement-breakpoint
ALTER TABLE "member_decision" ADD COLUMN "refusal_reason" text;--> statement-breakpoint
ALTER TABLE "member_decision" ADD COLUMN "answered_by" integer;--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_transfer_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_grant_transfer_idx" ON "account_grant" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_grant_transfer_open_uq" ON "account_grant" USING btree ("user_id","transfer_id") WHERE "account_grant"."valid_to" is null and "account_grant"."transfer_id" is not null;--> statement-breakpoint
CREATE INDEX "member_decision_pending_idx" ON "member_decision" USING btree ("approving_org_id") WHERE "member_decision"."state" = 'pending';--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_target_ck" CHECK (("account_grant"."org_id" is null) <> ("account_grant"."transfer_id" is null));--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_actions_ck" CHECK (cardinality("account_grant"."actions") > 0 and "account_grant"."actions" <@ array['read','reveal','write','import','audit.read','meetings.write','dues.write','recruitment.write','screening.observe']::text[]);--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_state_ck" CHECK ("member_decision"."state" in ('pending','approved','refused'));--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_state_dates_ck" CHECK (("member_decision"."state" = 'approved' and "member_decision"."effective_on" is not null and "member_decision"."refused_on" is null)
        or ("member_decision"."state" = 'pending' and "member_decision"."effective_on" is null and "member_decision"."approved_on" is null and "member_decision"."refused_on" is null)
        or ("member_decision"."state" = 'refused' and "member_decision"."effective_on" is null and "member_decision"."refused_on" is not null and "member_decision"."refusal_reason" is not null));--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_dates_ck" CHECK (("member_decision"."approved_on" is null or "member_decision"."approved_on" >= "member_decision"."decided_on") and ("member_decision"."effective_on" is null or "member_decision"."effective_on" >= "member_decision"."decided_on") and ("member_decision"."refused_on" is null or "member_decision"."refused_on" >= "member_decision"."decided_on"));--> statement-breakpoint
-- Hand-written (decision 0034): one account's grants on one transfer never overlap, like its grants on one org
ALTER TABLE account_grant ADD CONSTRAINT account_grant_transfer_no_overlap
  EXCLUDE USING gist (user_id WITH =, transfer_id WITH =, daterange(valid_from, valid_to) WITH &&);
