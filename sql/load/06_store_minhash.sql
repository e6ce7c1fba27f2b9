-- The batch's signatures replace the ones its articles had.
DELETE FROM article_minhash WHERE article_id IN (SELECT article_id FROM b_minhash);
INSERT INTO article_minhash BY NAME SELECT article_id, signature, bands FROM b_minhash;
