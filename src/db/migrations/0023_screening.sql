-- Weak-org screening and rectification cases (decision 0033); the audit triggers at the end are hand-written.
CREATE TABLE "rectification_acceptance" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"score" numeric(4, 1) NOT NULL,
	"voters" integer NOT NULL,
	"dissatisfied" integer NOT NULL,
	"suggested" text NOT NULL,
	"scheme" jsonb NOT NULL,
	"decision" text NOT NULL,
	"deciders" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectification_acceptance_suggested_ck" CHECK ("rectification_acceptance"."suggested" in ('pass','fail')),
	CONSTRAINT "rectification_acceptance_decision_ck" CHECK ("rectification_acceptance"."decision" in ('passed','failed')),
	CONSTRAINT "rectification_acceptance_votes_ck" CHECK ("rectification_acceptance"."voters" >= 0 and "rectification_acceptance"."dissatisfied" >= 0 and "rectification_acceptance"."dissatisfied" <= "rectification_acceptance"."voters")
);
--> statement-breakpoint
CREATE TABLE "rectification_case" (
	"id" serial PRIMARY KEY NOT NULL,
	"confirmation_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"liaison_leader" text,
	"pairing_unit" text,
	"first_secretary" text,
	"first_secretary_unit" text,
	"first_secretary_from" date,
	"first_secretary_to" date,
	"resident_cadres" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closed_on" date,
	"watch_until" date,
	"relapsed_on" date,
	"relapse_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_measure" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"content" text NOT NULL,
	"responsible" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_progress" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"measure_id" integer,
	"noted_on" date NOT NULL,
	"content" text NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_confirmation" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"types" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"confirmed_on" date NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"confirmed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "screening_confirmation_source_ck" CHECK ("screening_confirmation"."source" in ('manual','import'))
);
--> statement-breakpoint
CREATE TABLE "screening_observation" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"observed_on" date NOT NULL,
	"weak_type" smallint,
	"count" integer,
	"respondents" integer,
	"satisfied" integer,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "screening_observation_kind_ck" CHECK ("screening_observation"."kind" in ('observation','petition','survey')),
	CONSTRAINT "screening_observation_counts_ck" CHECK (coalesce("screening_observation"."count", 0) >= 0 and coalesce("screening_observation"."satisfied", 0) >= 0 and coalesce("screening_observation"."satisfied", 0) <= coalesce("screening_observation"."respondents", 0))
);
--> statement-breakpoint
ALTER TABLE "rectification_acceptance" ADD CONSTRAINT "rectification_acceptance_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."rectification_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_acceptance" ADD CONSTRAINT "rectification_acceptance_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_case" ADD CONSTRAINT "rectification_case_confirmation_fk" FOREIGN KEY ("confirmation_id") REFERENCES "public"."screening_confirmation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_case" ADD CONSTRAINT "rectification_case_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_measure" ADD CONSTRAINT "rectification_measure_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."rectification_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_measure" ADD CONSTRAINT "rectification_measure_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_progress" ADD CONSTRAINT "rectification_progress_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."rectification_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_progress" ADD CONSTRAINT "rectification_progress_measure_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."rectification_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_progress" ADD CONSTRAINT "rectification_progress_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_confirmation" ADD CONSTRAINT "screening_confirmation_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_observation" ADD CONSTRAINT "screening_observation_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rectification_acceptance_case_idx" ON "rectification_acceptance" USING btree ("case_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_case_confirmation_uq" ON "rectification_case" USING btree ("confirmation_id");--> statement-breakpoint
CREATE INDEX "rectification_case_org_idx" ON "rectification_case" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "rectification_measure_case_idx" ON "rectification_measure" USING btree ("case_id","due_on");--> statement-breakpoint
CREATE INDEX "rectification_progress_case_idx" ON "rectification_progress" USING btree ("case_id","noted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_confirmation_org_year_uq" ON "screening_confirmation" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "screening_observation_org_idx" ON "screening_observation" USING btree ("org_id","observed_on");--> statement-breakpoint
CREATE TRIGGER screening_observation_audit AFTER INSERT OR UPDATE OR DELETE ON screening_observation FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER screening_confirmation_audit AFTER INSERT OR UPDATE OR DELETE ON screening_confirmation FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER rectification_case_audit AFTER INSERT OR UPDATE OR DELETE ON rectification_case FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER rectification_measure_audit AFTER INSERT OR UPDATE OR DELETE ON rectification_measure FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER rectification_progress_audit AFTER INSERT OR UPDATE OR DELETE ON rectification_progress FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER rectification_acceptance_audit AFTER INSERT OR UPDATE OR DELETE ON rectification_acceptance FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
