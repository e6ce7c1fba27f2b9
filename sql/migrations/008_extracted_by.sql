-- Which of trafilatura's modes gave an article its text (transforms/extract.py): `precision`,
-- or, where precision mode kept too little of a page, `recall` or `baseline`; `text` for
-- plain-text inputs. NULL for rows loaded before this column.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS extracted_by VARCHAR;
