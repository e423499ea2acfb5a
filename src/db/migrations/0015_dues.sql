CREATE TABLE "dues_basis" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"category" text NOT NULL,
	"base_fen" integer,
	"from_month" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_basis_category_ck" CHECK ("dues_basis"."category" in ('salaried','annual_salary','self_employed','retired','farmer','student','unemployed','relief','subsistence')),
	CONSTRAINT "dues_basis_base_ck" CHECK ("dues_basis"."base_fen" is null or "dues_basis"."base_fen" >= 0),
	CONSTRAINT "dues_basis_month_ck" CHECK (extract(day from "dues_basis"."from_month") = 1)
);
--> statement-breakpoint
CREATE TABLE "dues_payment" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"from_month" date NOT NULL,
	"to_month" date NOT NULL,
	"amount_fen" integer NOT NULL,
	"voluntary_fen" integer DEFAULT 0 NOT NULL,
	"paid_on" date NOT NULL,
	"method" text NOT NULL,
	"channel" text DEFAULT 'branch' NOT NULL,
	"paid_by" text,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_payment_amount_ck" CHECK ("dues_payment"."amount_fen" >= 0 and "dues_payment"."voluntary_fen" >= 0 and "dues_payment"."amount_fen" + "dues_payment"."voluntary_fen" > 0),
	CONSTRAINT "dues_payment_months_ck" CHECK ("dues_payment"."to_month" >= "dues_payment"."from_month" and extract(day from "dues_payment"."from_month") = 1 and extract(day from "dues_payment"."to_month") = 1),
	CONSTRAINT "dues_payment_method_ck" CHECK ("dues_payment"."method" in ('cash','transfer','wechat','alipay','other')),
	CONSTRAINT "dues_payment_channel_ck" CHECK ("dues_payment"."channel" in ('branch','import','online'))
);
--> statement-breakpoint
CREATE TABLE "dues_relief" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"monthly_fen" integer,
	"from_month" date NOT NULL,
	"to_month" date,
	"approved_by" text NOT NULL,
	"approved_on" date NOT NULL,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_relief_kind_ck" CHECK ("dues_relief"."kind" in ('reduced','exempt')),
	CONSTRAINT "dues_relief_amount_ck" CHECK (("dues_relief"."kind" = 'exempt' and "dues_relief"."monthly_fen" is null) or ("dues_relief"."kind" = 'reduced' and "dues_relief"."monthly_fen" > 0)),
	CONSTRAINT "dues_relief_months_ck" CHECK ("dues_relief"."to_month" is null or "dues_relief"."to_month" >= "dues_relief"."from_month"),
	CONSTRAINT "dues_relief_month_ck" CHECK (extract(day from "dues_relief"."from_month") = 1 and ("dues_relief"."to_month" is null or extract(day from "dues_relief"."to_month") = 1))
);
--> statement-breakpoint
CREATE TABLE "dues_remittance" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"month" date NOT NULL,
	"remitted_on" date NOT NULL,
	"amount_fen" integer NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_remittance_amount_ck" CHECK ("dues_remittance"."amount_fen" > 0),
	CONSTRAINT "dues_remittance_month_ck" CHECK (extract(day from "dues_remittance"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "account_grant" DROP CONSTRAINT "account_grant_actions_ck";--> statement-breakpoint
ALTER TABLE "dues_basis" ADD CONSTRAINT "dues_basis_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payment" ADD CONSTRAINT "dues_payment_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payment" ADD CONSTRAINT "dues_payment_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_relief" ADD CONSTRAINT "dues_relief_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_remittance" ADD CONSTRAINT "dues_remittance_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_basis_member_month_uq" ON "dues_basis" USING btree ("member_id","from_month");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payment_identity_uq" ON "dues_payment" USING btree ("member_id","from_month","to_month","paid_on","amount_fen","voluntary_fen");--> statement-breakpoint
CREATE INDEX "dues_payment_org_idx" ON "dues_payment" USING btree ("org_id","paid_on");--> statement-breakpoint
CREATE INDEX "dues_relief_member_idx" ON "dues_relief" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "dues_remittance_org_idx" ON "dues_remittance" USING btree ("org_id","month");--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_actions_ck" CHECK (cardinality("account_grant"."actions") > 0 and "account_grant"."actions" <@ array['read','reveal','write','import','audit.read','meetings.write','dues.write']::text[]);--> statement-breakpoint
-- Hand-written: the dues records are audited like the other tables (migration 0001)
CREATE TRIGGER dues_basis_audit AFTER INSERT OR UPDATE OR DELETE ON dues_basis FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER dues_relief_audit AFTER INSERT OR UPDATE OR DELETE ON dues_relief FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER dues_payment_audit AFTER INSERT OR UPDATE OR DELETE ON dues_payment FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER dues_remittance_audit AFTER INSERT OR UPDATE OR DELETE ON dues_remittance FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
