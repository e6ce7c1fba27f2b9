-- Events in one country in the seven days up to today (or up to `as_of`), newest first:
--   SET VARIABLE country = 'SYR';  SET VARIABLE as_of = DATE '2018-04-21';  -- both optional
SELECT event_date, event_type, acled_type, source_text, target_text, location_text, killed, injured,
       article_title, article_url
FROM v_events
WHERE country_iso3 = coalesce(getvariable('country'), 'SYR')
  AND counted
  AND event_date BETWEEN coalesce(getvariable('as_of'), current_date) - INTERVAL 7 DAY
                     AND coalesce(getvariable('as_of'), current_date)
ORDER BY event_date DESC, confidence DESC;
