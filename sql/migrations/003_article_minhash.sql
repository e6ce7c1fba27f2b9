-- MinHash signature and LSH band keys of each article's text (transforms/near_dups.py), to find
-- syndicated near-copies of a story among all articles without comparing every pair.
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id VARCHAR PRIMARY KEY,
    signature  UBIGINT[] NOT NULL,
    bands      VARCHAR[] NOT NULL
);
