CREATE TABLE "audit_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"actor_label" text NOT NULL,
	"ip" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"org_path" text,
	"member_id" integer,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "job" (
	"name" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"next_due_at" timestamp with time zone NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_result" text,
	"last_error" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	CONSTRAINT "job_status_ck" CHECK ("job"."status" in ('idle','running','ok','failed'))
);
--> statement-breakpoint
-- Hand-written (decision 0009). An entry joins the chain when its transaction commits, not when it is written: the
-- BEFORE INSERT trigger of audit_log puts it into audit_pending, and a deferred constraint trigger on audit_pending
-- moves each of the transaction's entries into audit_log at commit, in the order they were written. Only that
-- move takes the chain's advisory lock, so the lock is held from the start of a commit to its end (id order is
-- still commit order) instead of from a transaction's first audited write — for an import, its whole run.
CREATE OR REPLACE FUNCTION jiceng_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head text;
BEGIN
  -- a restore brings back entries with the hashes they had
  IF current_setting('jiceng.restore', true) = 'on' THEN
    RETURN NEW;
  END IF;
  -- written during the transaction: wait in audit_pending until it commits (jiceng_audit_seal)
  IF current_setting('jiceng.audit_sealing', true) IS DISTINCT FROM 'on' THEN
    INSERT INTO audit_pending (at, actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after)
    VALUES (NEW.at, NEW.actor_id, NEW.actor_label, NEW.ip, NEW.action, NEW.entity, NEW.entity_id, NEW.org_path,
            NEW.member_id, NEW.before, NEW.after);
    RETURN NULL;
  END IF;
  head := current_setting('jiceng.audit_head', true);
  IF head IS NULL OR head = '' THEN
    PERFORM pg_advisory_xact_lock(7274001);
    SELECT hash INTO head FROM audit_log ORDER BY id DESC LIMIT 1;
    head := coalesce(head, repeat('0', 64));
  END IF;
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  NEW.prev_hash := head;
  NEW.hash := encode(sha256(convert_to(head || '|' || jiceng_audit_payload(NEW), 'UTF8')), 'hex');
  PERFORM set_config('jiceng.audit_head', NEW.hash, true);
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Fires at commit for every pending entry of the committing transaction, in the order they were written.
CREATE FUNCTION jiceng_audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p audit_pending;
BEGIN
  DELETE FROM audit_pending WHERE id = NEW.id RETURNING * INTO p;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('jiceng.audit_sealing', 'on', true);
  INSERT INTO audit_log (at, actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after,
                         prev_hash, hash)
  VALUES (p.at, p.actor_id, p.actor_label, p.ip, p.action, p.entity, p.entity_id, p.org_path, p.member_id, p.before,
          p.after, '', '');
  PERFORM set_config('jiceng.audit_sealing', 'off', true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_pending_seal AFTER INSERT ON audit_pending DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION jiceng_audit_seal();
