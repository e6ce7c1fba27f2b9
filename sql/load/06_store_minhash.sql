-- The batch's signatures (the ones its articles had went with their children, 01).
INSERT INTO article_minhash BY NAME SELECT article_id, signature, bands FROM b_minhash;
