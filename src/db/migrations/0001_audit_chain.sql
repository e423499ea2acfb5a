-- Tamper-evident audit log: every change to an audited table becomes an entry whose hash covers its content and
-- the previous entry's hash. Entries are numbered under a transaction-level advisory lock, so the chain order is
-- the commit order. The acting user and address come from transaction-local settings (jiceng.actor_id,
-- jiceng.actor_label, jiceng.ip) that the application sets at the start of each transaction.

CREATE FUNCTION jiceng_audit_payload(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', a.id::text, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(a.actor_id::text, ''), a.actor_label, coalesce(a.ip, ''), a.action, a.entity, coalesce(a.entity_id, ''),
    coalesce(a.org_path, ''), coalesce(a.member_id::text, ''), coalesce(a.before::text, ''), coalesce(a.after::text, ''))
$$;
--> statement-breakpoint
CREATE FUNCTION jiceng_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head text := current_setting('jiceng.audit_head', true);
BEGIN
  -- a restore brings back entries with the hashes they had
  IF current_setting('jiceng.restore', true) = 'on' THEN
    RETURN NEW;
  END IF;
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
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION jiceng_audit_chain();
--> statement-breakpoint
-- the log is append-only for the application: updates and deletes are refused (a superuser can still disable
-- this, which is what the hash chain is for)
CREATE FUNCTION jiceng_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION jiceng_audit_append_only();
--> statement-breakpoint
CREATE FUNCTION jiceng_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b jsonb;
  a jsonb;
  r jsonb;
  opath text;
  mid int;
BEGIN
  IF current_setting('jiceng.bulk', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- secrets and bookkeeping columns are not part of the record's history
  IF TG_OP <> 'INSERT' THEN
    b := to_jsonb(OLD) - 'password_hash' - 'updated_at' - 'row_version' - 'last_login_at' - 'failed_logins' - 'locked_until';
  END IF;
  IF TG_OP <> 'DELETE' THEN
    a := to_jsonb(NEW) - 'password_hash' - 'updated_at' - 'row_version' - 'last_login_at' - 'failed_logins' - 'locked_until';
  END IF;
  IF TG_OP = 'UPDATE' AND b = a THEN
    RETURN NULL;
  END IF;
  r := coalesce(a, b);
  IF TG_TABLE_NAME = 'org' THEN
    opath := r->>'path';
  ELSIF TG_TABLE_NAME = 'member' THEN
    mid := (r->>'id')::int;
    SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int;
  ELSIF r ? 'member_id' AND TG_TABLE_NAME <> 'app_user' THEN
    mid := (r->>'member_id')::int;
    SELECT o.path INTO opath FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = mid;
    IF r ? 'org_id' THEN SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int; END IF;
  ELSIF r ? 'org_id' THEN
    SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int;
  END IF;
  INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after, prev_hash, hash)
  VALUES (
    nullif(current_setting('jiceng.actor_id', true), '')::int,
    coalesce(nullif(current_setting('jiceng.actor_label', true), ''), 'db:' || current_user),
    nullif(current_setting('jiceng.ip', true), ''),
    lower(TG_OP), TG_TABLE_NAME, r->>'id', opath, mid, b, a, '', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- (the WHEN clause skips bulk writes without entering PL/pgSQL: they are audited once per written chunk)
CREATE TRIGGER org_audit AFTER INSERT OR UPDATE OR DELETE ON org FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER org_version_audit AFTER INSERT OR UPDATE OR DELETE ON org_version FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER org_event_audit AFTER INSERT OR UPDATE OR DELETE ON org_event FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER org_term_audit AFTER INSERT OR UPDATE OR DELETE ON org_term FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER committee_post_audit AFTER INSERT OR UPDATE OR DELETE ON committee_post FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_audit AFTER INSERT OR UPDATE OR DELETE ON member FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_period_audit AFTER INSERT OR UPDATE OR DELETE ON member_period FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_event_audit AFTER INSERT OR UPDATE OR DELETE ON member_event FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER member_record_audit AFTER INSERT OR UPDATE OR DELETE ON member_record FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER app_user_audit AFTER INSERT OR UPDATE OR DELETE ON app_user FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
