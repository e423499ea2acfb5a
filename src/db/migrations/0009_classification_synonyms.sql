CREATE TABLE "classification_synonym" (
	"id" serial PRIMARY KEY NOT NULL,
	"field" text NOT NULL,
	"raw" text NOT NULL,
	"raw_key" text NOT NULL,
	"code" text NOT NULL,
	"mapped_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classification_synonym_field_ck" CHECK ("classification_synonym"."field" in ('ethnicity','education','occupation'))
);
--> statement-breakpoint
ALTER TABLE "person" ALTER COLUMN "ethnicity" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "ethnicity_raw" text;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "education_raw" text;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "occupation_raw" text;--> statement-breakpoint
CREATE UNIQUE INDEX "classification_synonym_uq" ON "classification_synonym" USING btree ("field","raw_key");--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_ethnicity_ck" CHECK (("person"."ethnicity" is null) <> ("person"."ethnicity_raw" is null));--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_education_raw_ck" CHECK ("person"."education" is null or "person"."education_raw" is null);--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_occupation_raw_ck" CHECK ("person"."occupation" is null or "person"."occupation_raw" is null);--> statement-breakpoint

-- Hand-written: every local synonym, and every change of one, is audited like the other tables (migration 0001)
CREATE TRIGGER classification_synonym_audit AFTER INSERT OR UPDATE OR DELETE ON classification_synonym FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
