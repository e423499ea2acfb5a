CREATE TABLE "app_user" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"org_id" integer,
	"member_id" integer,
	"disabled" boolean DEFAULT false NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "app_user_role_ck" CHECK ("app_user"."role" in ('county_admin','township_officer','branch_secretary','viewer','member')),
	CONSTRAINT "app_user_org_ck" CHECK ("app_user"."org_id" is not null or "app_user"."role" = 'county_admin'),
	CONSTRAINT "app_user_member_ck" CHECK ("app_user"."role" <> 'member' or "app_user"."member_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_label" text NOT NULL,
	"ip" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"org_path" text,
	"member_id" integer,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_post" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"post" text NOT NULL,
	"title" text,
	"start_on" date NOT NULL,
	"end_on" date,
	CONSTRAINT "committee_post_post_ck" CHECK ("committee_post"."post" in ('secretary','deputy_secretary','committee_member'))
);
--> statement-breakpoint
CREATE TABLE "member" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"name_initials" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"birth_md" smallint NOT NULL,
	"id_number" text NOT NULL,
	"ethnicity" text NOT NULL,
	"education" text,
	"occupation" text,
	"native_place" text,
	"phone" text,
	"address" text,
	"work_unit" text,
	"job_title" text,
	"status" text NOT NULL,
	"joined_on" date NOT NULL,
	"confirmed_on" date,
	"confirmed_md" smallint,
	"is_mobile" boolean DEFAULT false NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_sex_ck" CHECK ("member"."sex" in ('male','female')),
	CONSTRAINT "member_status_ck" CHECK ("member"."status" in ('probationary','full','suspended','transferred_out','removed','revoked','deceased'))
);
--> statement-breakpoint
CREATE TABLE "member_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "member_period" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "member_period_interval_ck" CHECK ("member_period"."valid_to" is null or "member_period"."valid_to" > "member_period"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "member_record" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"start_on" date,
	"end_on" date,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_record_kind_ck" CHECK ("member_record"."kind" in ('post','reward','punishment','hardship','family','training'))
);
--> statement-breakpoint
CREATE TABLE "org" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"sector" text NOT NULL,
	"parent_id" integer,
	"path" text NOT NULL,
	"depth" smallint NOT NULL,
	"division_code" text,
	"founded_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"dissolved_on" date,
	"address" text,
	"contact_phone" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_status_ck" CHECK ("org"."status" in ('active','dissolved'))
);
--> statement-breakpoint
CREATE TABLE "org_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "org_stat" (
	"org_id" integer NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "org_stat_pk" PRIMARY KEY("org_id","dim","key")
);
--> statement-breakpoint
CREATE TABLE "org_stat_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_term" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"elected_on" date NOT NULL,
	"term_years" smallint NOT NULL,
	"term_ends_on" date NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_version" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"parent_id" integer,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sector" text NOT NULL,
	CONSTRAINT "org_version_interval_ck" CHECK ("org_version"."valid_to" is null or "org_version"."valid_to" > "org_version"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "user_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_post" ADD CONSTRAINT "committee_post_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_post" ADD CONSTRAINT "committee_post_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_event" ADD CONSTRAINT "member_event_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_period" ADD CONSTRAINT "member_period_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_period" ADD CONSTRAINT "member_period_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_record" ADD CONSTRAINT "member_record_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org" ADD CONSTRAINT "org_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_event" ADD CONSTRAINT "org_event_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_term" ADD CONSTRAINT "org_term_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_version" ADD CONSTRAINT "org_version_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" USING btree ("username");--> statement-breakpoint
CREATE INDEX "app_user_org_idx" ON "app_user" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "audit_log_org_path_idx" ON "audit_log" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_log_member_idx" ON "audit_log" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "committee_post_org_idx" ON "committee_post" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "committee_post_member_idx" ON "committee_post" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_id_number_uq" ON "member" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "member_org_idx" ON "member" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "member_name_idx" ON "member" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "member_initials_idx" ON "member" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "member_id_rev_idx" ON "member" USING btree (reverse("id_number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "member_birth_md_idx" ON "member" USING btree ("birth_md");--> statement-breakpoint
CREATE INDEX "member_confirmed_md_idx" ON "member" USING btree ("confirmed_md");--> statement-breakpoint
CREATE INDEX "member_event_member_idx" ON "member_event" USING btree ("member_id","effective_on");--> statement-breakpoint
CREATE INDEX "member_period_member_idx" ON "member_period" USING btree ("member_id","valid_from");--> statement-breakpoint
CREATE INDEX "member_period_org_idx" ON "member_period" USING btree ("org_id","valid_from");--> statement-breakpoint
CREATE INDEX "member_record_member_idx" ON "member_record" USING btree ("member_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "org_code_uq" ON "org" USING btree ("code");--> statement-breakpoint
CREATE INDEX "org_parent_idx" ON "org" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "org_path_idx" ON "org" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "org_event_org_idx" ON "org_event" USING btree ("org_id","effective_on");--> statement-breakpoint
CREATE INDEX "org_term_org_idx" ON "org_term" USING btree ("org_id","elected_on");--> statement-breakpoint
CREATE INDEX "org_version_org_idx" ON "org_version" USING btree ("org_id","valid_from");--> statement-breakpoint
CREATE INDEX "org_version_parent_idx" ON "org_version" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "user_session_user_idx" ON "user_session" USING btree ("user_id");