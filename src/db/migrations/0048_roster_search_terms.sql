-- The roster's searches as an index (decision 0056, session 21). Hand-edited after drizzle-kit generate: the
-- function the index is built over is created first. `jiceng_roster_terms(roster_name)` gives the terms of a
-- member's sort key ('wang fang<TAB>王芳', decision 0014): 'c' and each character of the name; 'i' and the first 2 and
-- 3 letters of the syllables' initials; 'p' and the first 2–5 letters of the syllables joined; and 'x' when the key
-- cannot tell the person's pinyin (a name that is not plain: a separator, Latin letters, a character without a
-- reading — the roster's search checks those against the person's own keys). A search's condition on these terms is
-- a superset of its matches; the roster's own conditions on the key stay and decide (repositories/roster.ts).
-- Only members on the roster are indexed (the ancestor indexes' predicate). A big first load defers the index as
-- the member table's other secondary indexes (decision 0004).
CREATE FUNCTION jiceng_roster_terms(k text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 200 AS $$
DECLARE
  tab int := strpos(k, E'\t');
  syl text := CASE WHEN tab > 0 THEN left(k, tab - 1) ELSE '' END;
  nm text := CASE WHEN tab > 0 THEN substr(k, tab + 1) ELSE k END;
  parts text[] := string_to_array(syl, ' ');
  joined text := replace(syl, ' ', '');
  ini text := '';
  t text[] := '{}';
BEGIN
  FOR i IN 1 .. char_length(nm) LOOP
    t := t || ('c' || substr(nm, i, 1));
  END LOOP;
  FOR i IN 1 .. coalesce(array_length(parts, 1), 0) LOOP
    ini := ini || left(parts[i], 1);
  END LOOP;
  FOR i IN 2 .. least(3, char_length(ini)) LOOP
    t := t || ('i' || left(ini, i));
  END LOOP;
  FOR i IN 2 .. least(5, char_length(joined)) LOOP
    t := t || ('p' || left(joined, i));
  END LOOP;
  -- (the plain key of repositories/roster.ts PLAIN_KEY and PLAIN_COUNT: one syllable per character of the basic CJK
  -- block, plain letters)
  IF NOT coalesce(k ~ '^[a-z]+( [a-z]+)*\t[一-鿿]+$' AND array_length(parts, 1) = char_length(nm), false) THEN
    t := t || 'x'::text;
  END IF;
  RETURN t;
END
$$;--> statement-breakpoint
CREATE INDEX "member_roster_terms_idx" ON "member" USING gin (jiceng_roster_terms("roster_name")) WHERE "member"."status" in ('full','probationary');--> statement-breakpoint
-- (the planner's statistics of the new index's terms: which terms are common)
ANALYZE "member";
