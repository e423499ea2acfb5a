CREATE TABLE "party_group" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"leader_member_id" integer,
	"created_on" date NOT NULL,
	"dissolved_on" date,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_group_dates_ck" CHECK ("party_group"."dissolved_on" is null or "party_group"."dissolved_on" > "party_group"."created_on")
);
--> statement-breakpoint
CREATE TABLE "party_group_member" (
	"id" serial PRIMARY KEY NOT NULL,
	"group_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "party_group_member_interval_ck" CHECK ("party_group_member"."valid_to" is null or "party_group_member"."valid_to" > "party_group_member"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "party_group_id" integer;--> statement-breakpoint
ALTER TABLE "party_group" ADD CONSTRAINT "party_group_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_group" ADD CONSTRAINT "party_group_leader_fk" FOREIGN KEY ("leader_member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_group_member" ADD CONSTRAINT "party_group_member_group_fk" FOREIGN KEY ("group_id") REFERENCES "public"."party_group"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_group_member" ADD CONSTRAINT "party_group_member_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_group_member" ADD CONSTRAINT "party_group_member_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_group_org_idx" ON "party_group" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_group_name_uq" ON "party_group" USING btree ("org_id","name") WHERE "party_group"."dissolved_on" is null;--> statement-breakpoint
CREATE INDEX "party_group_member_member_idx" ON "party_group_member" USING btree ("member_id","valid_from");--> statement-breakpoint
CREATE INDEX "party_group_member_group_idx" ON "party_group_member" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "party_group_member_org_idx" ON "party_group_member" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_group_member_open_uq" ON "party_group_member" USING btree ("member_id") WHERE "party_group_member"."valid_to" is null;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_party_group_fk" FOREIGN KEY ("party_group_id") REFERENCES "public"."party_group"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written (decision 0018): a member belongs to at most one party group at a time — no two membership periods
-- of one member overlap (as org_version_no_overlap, migration 0005; btree_gist is loaded there)
ALTER TABLE party_group_member ADD CONSTRAINT party_group_member_no_overlap
  EXCLUDE USING gist (member_id WITH =, daterange(valid_from, valid_to) WITH &&);
--> statement-breakpoint
CREATE TRIGGER party_group_audit AFTER INSERT OR UPDATE OR DELETE ON party_group FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER party_group_member_audit AFTER INSERT OR UPDATE OR DELETE ON party_group_member FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
