CREATE TABLE "lost_contact" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"since" date NOT NULL,
	"found_on" date,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lost_contact_dates_ck" CHECK ("lost_contact"."found_on" is null or "lost_contact"."found_on" >= "lost_contact"."since")
);
--> statement-breakpoint
CREATE TABLE "member_contact" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"contacted_on" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_decision" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"grounds" text,
	"deciding_org_id" integer NOT NULL,
	"deciding_body" text NOT NULL,
	"decided_on" date NOT NULL,
	"approving_org_id" integer,
	"approved_on" date,
	"effective_on" date NOT NULL,
	"document_no" text,
	"reason" text,
	"event_id" bigint,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_decision_kind_ck" CHECK ("member_decision"."kind" in ('suspend','reinstate','strike_off','persuade_out','withdraw','expel','decease')),
	CONSTRAINT "member_decision_body_ck" CHECK ("member_decision"."deciding_body" in ('general_meeting','committee','higher_committee')),
	CONSTRAINT "member_decision_dates_ck" CHECK (("member_decision"."approved_on" is null or "member_decision"."approved_on" >= "member_decision"."decided_on") and "member_decision"."effective_on" >= "member_decision"."decided_on")
);
--> statement-breakpoint
CREATE TABLE "mobile_registration" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"since" date NOT NULL,
	"ended_on" date,
	"place" text NOT NULL,
	"fixed_place" boolean DEFAULT false NOT NULL,
	"abroad" boolean DEFAULT false NOT NULL,
	"contact" text,
	"host_org_id" integer,
	"host_org_name" text,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mobile_registration_dates_ck" CHECK ("mobile_registration"."ended_on" is null or "mobile_registration"."ended_on" > "mobile_registration"."since")
);
--> statement-breakpoint
CREATE TABLE "transfer" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_org_id" integer,
	"to_org_id" integer,
	"external_org" text,
	"letter_no" text,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"state" text NOT NULL,
	"decided_on" date,
	"reason" text,
	"note" text,
	"created_by" integer,
	"decided_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_kind_ck" CHECK ("transfer"."kind" in ('internal','outgoing','incoming')),
	CONSTRAINT "transfer_state_ck" CHECK ("transfer"."state" in ('pending','accepted','returned','in_transit')),
	CONSTRAINT "transfer_ends_ck" CHECK (("transfer"."kind" = 'internal' and "transfer"."from_org_id" is not null and "transfer"."to_org_id" is not null)
        or ("transfer"."kind" = 'outgoing' and "transfer"."from_org_id" is not null and "transfer"."external_org" is not null)
        or ("transfer"."kind" = 'incoming' and "transfer"."to_org_id" is not null and "transfer"."external_org" is not null)),
	CONSTRAINT "transfer_valid_ck" CHECK ("transfer"."valid_until" >= "transfer"."issued_on"),
	CONSTRAINT "transfer_decided_ck" CHECK (("transfer"."state" in ('pending','in_transit')) = ("transfer"."decided_on" is null) and ("transfer"."decided_on" is null or "transfer"."decided_on" >= "transfer"."issued_on"))
);
--> statement-breakpoint
ALTER TABLE "lost_contact" ADD CONSTRAINT "lost_contact_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_contact" ADD CONSTRAINT "member_contact_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_deciding_fk" FOREIGN KEY ("deciding_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_approving_fk" FOREIGN KEY ("approving_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_decision" ADD CONSTRAINT "member_decision_event_fk" FOREIGN KEY ("event_id") REFERENCES "public"."member_event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_registration" ADD CONSTRAINT "mobile_registration_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_registration" ADD CONSTRAINT "mobile_registration_host_fk" FOREIGN KEY ("host_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_from_org_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_to_org_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lost_contact_member_idx" ON "lost_contact" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lost_contact_open_uq" ON "lost_contact" USING btree ("member_id") WHERE "lost_contact"."found_on" is null;--> statement-breakpoint
CREATE INDEX "member_contact_member_idx" ON "member_contact" USING btree ("member_id","contacted_on");--> statement-breakpoint
CREATE INDEX "member_decision_member_idx" ON "member_decision" USING btree ("member_id","effective_on");--> statement-breakpoint
CREATE INDEX "mobile_registration_member_idx" ON "mobile_registration" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "mobile_registration_host_idx" ON "mobile_registration" USING btree ("host_org_id") WHERE "mobile_registration"."ended_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "mobile_registration_open_uq" ON "mobile_registration" USING btree ("member_id") WHERE "mobile_registration"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "transfer_member_idx" ON "transfer" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "transfer_from_idx" ON "transfer" USING btree ("from_org_id","issued_on");--> statement-breakpoint
CREATE INDEX "transfer_to_idx" ON "transfer" USING btree ("to_org_id","issued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_open_uq" ON "transfer" USING btree ("member_id") WHERE "transfer"."state" in ('pending','in_transit');--> statement-breakpoint
-- Hand-written (decision 0026): the lifecycle records are audited like the other member records
CREATE TRIGGER transfer_audit AFTER INSERT OR UPDATE OR DELETE ON transfer FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER mobile_registration_audit AFTER INSERT OR UPDATE OR DELETE ON mobile_registration FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_contact_audit AFTER INSERT OR UPDATE OR DELETE ON member_contact FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER lost_contact_audit AFTER INSERT OR UPDATE OR DELETE ON lost_contact FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_decision_audit AFTER INSERT OR UPDATE OR DELETE ON member_decision FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
