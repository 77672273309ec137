-- PrescripCare schema, version 3: the drug knowledge base.
--
-- Interactions, allergies, conditions and foods are known for ingredients
-- and for groups of them (every NSAID, every serotonergic drug), so that one
-- rule covers a whole class and a drug added later is covered at once.  A
-- drug (a row of drugs_master: a generic, a clinical or a branded product)
-- is screened through its ingredients and the groups they belong to.
--
-- Every knowledge row keeps its origin: 'catalogue' rows are replaced when
-- a newer catalogue ships; 'import' and 'user' rows are never touched by
-- that.

-- The drug-to-drug and drug-to-food tables of version 1 tie rules to single
-- drug rows, so each rule would need repeating for every product and class
-- member.  The class-aware tables below replace them.
DROP TABLE drug_interactions;
DROP TABLE drug_food_interactions;

-- How to store a drug, as a list of instructions (one per form or brand).
-- storage_conditions of version 1 holds one text of at most 200
-- characters, too short for that; it stays for drugs people add by hand.
ALTER TABLE drugs_master ADD COLUMN storage TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(storage) AND json_type(storage) = 'array');

-- Ingredients and groups of ingredients: the two things a rule can name.
CREATE TABLE drug_concepts (
    concept_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('ingredient', 'group')),
    -- Lower case as written in the catalogue ("ibuprofen", "nsaid").
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),
    -- For an ingredient: the therapeutic class of the drugs made of it
    -- alone, so that two products of one class are seen as a duplication
    -- even when a product row carries no class of its own.
    drug_class TEXT CHECK (length(drug_class) <= 200),
    rxcui TEXT CHECK (length(rxcui) <= 20),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    UNIQUE (kind, name)
) STRICT;

CREATE INDEX idx_concepts_name ON drug_concepts(name);
CREATE UNIQUE INDEX idx_concepts_rxcui ON drug_concepts(rxcui)
    WHERE rxcui IS NOT NULL;

CREATE TABLE drug_ingredients (
    drug_id INTEGER NOT NULL REFERENCES drugs_master(drug_id) ON DELETE CASCADE,
    concept_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    PRIMARY KEY (drug_id, concept_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX idx_drug_ingredients_concept ON drug_ingredients(concept_id);

CREATE TRIGGER drug_ingredients_are_ingredients
BEFORE INSERT ON drug_ingredients
WHEN (SELECT kind FROM drug_concepts WHERE concept_id = NEW.concept_id)
     IS NOT 'ingredient'
BEGIN
    SELECT RAISE(ABORT, 'a drug is made of ingredients, not of groups');
END;

CREATE TABLE group_members (
    group_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    ingredient_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    PRIMARY KEY (group_id, ingredient_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX idx_group_members_ingredient ON group_members(ingredient_id);

CREATE TRIGGER group_members_kinds BEFORE INSERT ON group_members
WHEN (SELECT kind FROM drug_concepts WHERE concept_id = NEW.group_id)
     IS NOT 'group'
  OR (SELECT kind FROM drug_concepts WHERE concept_id = NEW.ingredient_id)
     IS NOT 'ingredient'
BEGIN
    SELECT RAISE(ABORT, 'a group holds ingredients');
END;

-- Drug-drug rules.  A pair is stored once, smaller concept first, so A+B
-- and B+A are one rule; a group paired with itself (QT prolongers
-- together) concerns two different drugs of that group.
CREATE TABLE interaction_rules (
    rule_id INTEGER PRIMARY KEY,
    concept_a INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    concept_b INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    severity TEXT NOT NULL CHECK (severity IN ('major', 'moderate', 'minor')),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    evidence TEXT NOT NULL CHECK (evidence IN
        ('established', 'probable', 'possible', 'theoretical')),
    mechanism TEXT CHECK (length(mechanism) <= 1000),
    clinical_effect TEXT NOT NULL CHECK (length(clinical_effect)
        BETWEEN 1 AND 1000),
    management TEXT CHECK (length(management) <= 1000),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT CHECK (length(source) <= 500),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (concept_a <= concept_b),
    UNIQUE (concept_a, concept_b)
) STRICT;

CREATE INDEX idx_interaction_rules_b ON interaction_rules(concept_b);

CREATE TRIGGER interaction_rules_updated_at AFTER UPDATE ON interaction_rules
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE interaction_rules SET updated_at = unixepoch()
     WHERE rule_id = NEW.rule_id;
END;

CREATE TABLE food_rules (
    rule_id INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    food TEXT NOT NULL CHECK (length(food) BETWEEN 1 AND 200),
    type TEXT NOT NULL CHECK (type IN ('avoid', 'caution', 'timing_required')),
    severity TEXT NOT NULL CHECK (severity IN ('major', 'moderate', 'minor')),
    description TEXT CHECK (length(description) <= 1000),
    recommendation TEXT CHECK (length(recommendation) <= 1000),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT CHECK (length(source) <= 500),
    UNIQUE (concept_id, food)
) STRICT;

-- A class of allergen ("penicillin") and the words people write for it.
CREATE TABLE allergens (
    allergen_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
        CHECK (length(name) BETWEEN 1 AND 200),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user'))
) STRICT;

-- Terms are stored folded: lower case, accents removed, words separated
-- by one space, as the program folds what a person types.
CREATE TABLE allergen_terms (
    allergen_id INTEGER NOT NULL
        REFERENCES allergens(allergen_id) ON DELETE CASCADE,
    term TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 200),
    PRIMARY KEY (allergen_id, term)
) STRICT, WITHOUT ROWID;

CREATE INDEX idx_allergen_terms_term ON allergen_terms(term);

CREATE TABLE allergy_rules (
    rule_id INTEGER PRIMARY KEY,
    allergen_id INTEGER NOT NULL
        REFERENCES allergens(allergen_id) ON DELETE CASCADE,
    concept_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    -- major: the same class, do not give; moderate: cross-sensitivity
    -- possible, give with caution.
    severity TEXT NOT NULL CHECK (severity IN ('major', 'moderate')),
    note TEXT CHECK (length(note) <= 1000),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT CHECK (length(source) <= 500),
    UNIQUE (allergen_id, concept_id)
) STRICT;

-- Contraindications and cautions by condition, for every ICD-10-CM code
-- that begins with the prefix (stored upper case, without the dot).
CREATE TABLE condition_rules (
    rule_id INTEGER PRIMARY KEY,
    icd10_prefix TEXT NOT NULL CHECK (icd10_prefix GLOB '[A-Z][0-9]*'
        AND length(icd10_prefix) BETWEEN 2 AND 7),
    condition TEXT NOT NULL CHECK (length(condition) BETWEEN 1 AND 200),
    concept_id INTEGER NOT NULL
        REFERENCES drug_concepts(concept_id) ON DELETE CASCADE,
    severity TEXT NOT NULL CHECK (severity IN ('major', 'moderate', 'minor')),
    reason TEXT CHECK (length(reason) <= 1000),
    management TEXT CHECK (length(management) <= 1000),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT CHECK (length(source) <= 500),
    UNIQUE (icd10_prefix, concept_id)
) STRICT;

CREATE INDEX idx_condition_rules_concept ON condition_rules(concept_id);

-- The shipped catalogue's version, sources and loading time.
CREATE TABLE catalogue_meta (
    key TEXT PRIMARY KEY CHECK (key IN ('version', 'sources', 'loaded_at')),
    value TEXT NOT NULL
) STRICT;

-- Search -----------------------------------------------------------------
-- Every name a drug is known by, kept from drugs_master by triggers so
-- that a drug added by any part of the program can be found at once.
CREATE TABLE drug_names (
    name_id INTEGER PRIMARY KEY,
    drug_id INTEGER NOT NULL REFERENCES drugs_master(drug_id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 300),
    kind TEXT NOT NULL CHECK (kind IN ('name', 'generic', 'brand'))
) STRICT;

CREATE INDEX idx_drug_names_name ON drug_names(name);
CREATE INDEX idx_drug_names_drug ON drug_names(drug_id);

-- Words of the names: prefix queries as a person types, without regard to
-- case or accents.
CREATE VIRTUAL TABLE drug_names_fts USING fts5(
    name, content = 'drug_names', content_rowid = 'name_id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

CREATE VIRTUAL TABLE drug_names_vocab USING fts5vocab(drug_names_fts, row);

-- Bumped by every change of a name, so that a program holding the words
-- of the vocabulary in memory (to correct typos) knows to read them again.
CREATE TABLE search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    names_version INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO search_state (id) VALUES (1);

CREATE TRIGGER drug_names_ai AFTER INSERT ON drug_names
BEGIN
    INSERT INTO drug_names_fts (rowid, name) VALUES (NEW.name_id, NEW.name);
    UPDATE search_state SET names_version = names_version + 1;
END;

CREATE TRIGGER drug_names_ad AFTER DELETE ON drug_names
BEGIN
    INSERT INTO drug_names_fts (drug_names_fts, rowid, name)
    VALUES ('delete', OLD.name_id, OLD.name);
    UPDATE search_state SET names_version = names_version + 1;
END;

CREATE TRIGGER drug_names_au AFTER UPDATE ON drug_names
BEGIN
    INSERT INTO drug_names_fts (drug_names_fts, rowid, name)
    VALUES ('delete', OLD.name_id, OLD.name);
    INSERT INTO drug_names_fts (rowid, name) VALUES (NEW.name_id, NEW.name);
    UPDATE search_state SET names_version = names_version + 1;
END;

-- The names a drug is known by, as drug_names keeps them.
CREATE VIEW drug_name_sources AS
SELECT drug_id, drug_name AS name, 'name' AS kind FROM drugs_master
UNION ALL
SELECT drug_id, generic_name, 'generic' FROM drugs_master
 WHERE generic_name IS NOT NULL AND generic_name <> ''
   AND generic_name <> drug_name COLLATE NOCASE
UNION ALL
SELECT DISTINCT d.drug_id, b.value, 'brand'
  FROM drugs_master d, json_each(d.brand_names) b
 WHERE b.type = 'text' AND b.value <> ''
   AND b.value <> d.drug_name COLLATE NOCASE;

CREATE TRIGGER drugs_master_names_ai AFTER INSERT ON drugs_master
BEGIN
    INSERT INTO drug_names (drug_id, name, kind)
    SELECT drug_id, name, kind FROM drug_name_sources
     WHERE drug_id = NEW.drug_id;
END;

CREATE TRIGGER drugs_master_names_au
AFTER UPDATE OF drug_name, generic_name, brand_names ON drugs_master
BEGIN
    DELETE FROM drug_names WHERE drug_id = NEW.drug_id;
    INSERT INTO drug_names (drug_id, name, kind)
    SELECT drug_id, name, kind FROM drug_name_sources
     WHERE drug_id = NEW.drug_id;
END;

-- Drugs already in the store before this version become searchable.
INSERT INTO drug_names (drug_id, name, kind)
SELECT drug_id, name, kind FROM drug_name_sources;

-- Screening decisions ------------------------------------------------------

-- A major finding overridden, in NCPDP DUR terms.  The note is health data,
-- sealed under the person's key by the caller.
CREATE TABLE dur_overrides (
    override_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    medication_id INTEGER
        REFERENCES user_medications(medication_id) ON DELETE SET NULL,
    finding_key TEXT NOT NULL CHECK (length(finding_key) BETWEEN 1 AND 1000),
    conflict_code TEXT NOT NULL CHECK (conflict_code IN
        ('DA', 'DD', 'DC', 'DF', 'ID', 'TD')),
    severity TEXT NOT NULL CHECK (severity IN ('major', 'moderate', 'minor')),
    service_code TEXT NOT NULL CHECK (length(service_code) = 2),
    result_code TEXT NOT NULL CHECK (length(result_code) = 2),
    note BLOB NOT NULL CHECK (length(note) > 0),        -- sealed
    decided_by INTEGER REFERENCES users(user_id),
    decided_at INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_dur_overrides_person ON dur_overrides(person_id, decided_at);
CREATE INDEX idx_dur_overrides_medication ON dur_overrides(medication_id);

-- Findings a person's carer has read: not shouted again (majors always
-- are).  The key names the drugs, the subject and the rule.
CREATE TABLE finding_reviews (
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL CHECK (length(finding_key) BETWEEN 1 AND 1000),
    reviewed_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    reviewed_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, finding_key)
) STRICT, WITHOUT ROWID;
