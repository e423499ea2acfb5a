CREATE TABLE "account_grant" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"actions" text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"granted_by" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_grant_actions_ck" CHECK (cardinality("account_grant"."actions") > 0 and "account_grant"."actions" <@ array['read','reveal','write','import','audit.read']::text[]),
	CONSTRAINT "account_grant_interval_ck" CHECK ("account_grant"."valid_to" is null or "account_grant"."valid_to" > "account_grant"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_grant_user_idx" ON "account_grant" USING btree ("user_id","valid_from");--> statement-breakpoint
CREATE INDEX "account_grant_org_idx" ON "account_grant" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_grant_open_uq" ON "account_grant" USING btree ("user_id","org_id") WHERE "account_grant"."valid_to" is null;--> statement-breakpoint
-- Hand-written (drizzle cannot express an exclusion constraint; decisions 0008 and 0010): one account's grants on
-- one org never overlap. btree_gist is created by migration 0005.
ALTER TABLE account_grant ADD CONSTRAINT account_grant_no_overlap
  EXCLUDE USING gist (user_id WITH =, org_id WITH =, daterange(valid_from, valid_to) WITH &&);
--> statement-breakpoint
-- every grant, and every end of one, is audited like the other tables (migration 0001)
CREATE TRIGGER account_grant_audit AFTER INSERT OR UPDATE OR DELETE ON account_grant FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
