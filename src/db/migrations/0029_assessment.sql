CREATE TABLE "assessment_category" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"category" text NOT NULL,
	"effective_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_rating" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"item" text NOT NULL,
	"month" date NOT NULL,
	"score" smallint NOT NULL,
	"note" text NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_rating_score_ck" CHECK ("assessment_rating"."score" >= 0),
	CONSTRAINT "assessment_rating_month_ck" CHECK (extract(day from "assessment_rating"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "account_grant" DROP CONSTRAINT "account_grant_actions_ck";--> statement-breakpoint
ALTER TABLE "assessment_category" ADD CONSTRAINT "assessment_category_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rating" ADD CONSTRAINT "assessment_rating_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_category_org_idx" ON "assessment_category" USING btree ("org_id","effective_from");--> statement-breakpoint
CREATE INDEX "assessment_rating_org_idx" ON "assessment_rating" USING btree ("org_id","month");--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_actions_ck" CHECK (cardinality("account_grant"."actions") > 0 and "account_grant"."actions" <@ array['read','reveal','write','import','audit.read','meetings.write','dues.write','recruitment.write','screening.observe','assessment.rate']::text[]);--> statement-breakpoint
-- Hand-written (decision 0036): the category of an org and a person's rating are writes by people, audited row by row
CREATE TRIGGER assessment_category_audit AFTER INSERT OR UPDATE OR DELETE ON assessment_category FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER assessment_rating_audit AFTER INSERT OR UPDATE OR DELETE ON assessment_rating FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
