INSERT INTO mentions BY NAME
SELECT article_id, sent_idx, char_start, char_end, surface, label, entity_id FROM b_mentions;

INSERT INTO events BY NAME
SELECT * FROM b_events;

INSERT INTO event_actors BY NAME
SELECT event_id, role, entity_id, text, country_iso3, sector, actor_idx, actor_code, code_reason FROM b_event_actors;

INSERT INTO article_terms BY NAME
SELECT DISTINCT article_id, term FROM b_terms;
