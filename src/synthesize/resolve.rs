//! Story-level entity resolution: merges the mentions of all articles into people,
//! organisations and places with canonical names and aliases.
//!
//! People: full names with the same first and last name merge; surnames that are spelling
//! variants (one letter apart, or a doubled final letter: "Horbensky"/"Horbenskyy") merge
//! when the context agrees (same first name, or the only candidate); surname-only mentions
//! join the one full name they belong to, a variant spelling of it only in an article
//! that names the person in full (or as a doubled final letter), never in the plural. A
//! group becomes a person only if some mention had person evidence (a title, a role, a
//! reporting verb, a given name), so "Cold War" or "Art of the Deal" never do. The canonical spelling is the most common one, except that
//! a doubled-final-letter variant is preferred as the fuller transliteration.

use crate::analyze::doc::{cue, EntityKind, Mention};
use crate::analyze::lexicon::{OrgKind, GAZETTEER};
use crate::synthesize::AnalyzedArticle;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MentionRef {
    pub article: usize,
    pub mention: usize,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub org_kind: Option<OrgKind>,
    pub name: String,
    pub aliases: Vec<String>,
    pub mentions: Vec<MentionRef>,
    pub articles: Vec<usize>,
    /// For people: the surname spellings used, with the articles using each.
    pub spellings: Vec<(String, Vec<usize>)>,
}

impl Entity {
    /// Importance within the story: mentions, weighted by how many articles carry them.
    pub fn weight(&self) -> usize {
        self.mentions.len() + 2 * self.articles.len()
    }
}

#[derive(Debug, Default)]
pub struct Entities {
    /// People first, then organisations, then places; each ordered by importance.
    pub list: Vec<Entity>,
    pub by_mention: HashMap<MentionRef, usize>,
}

impl Entities {
    pub fn of(&self, article: usize, mention: usize) -> Option<&Entity> {
        self.by_mention
            .get(&MentionRef { article, mention })
            .map(|i| &self.list[*i])
    }

    pub fn index_of(&self, article: usize, mention: usize) -> Option<usize> {
        self.by_mention
            .get(&MentionRef { article, mention })
            .copied()
    }
}

fn words<'a>(article: &'a AnalyzedArticle, mention: &Mention) -> Vec<&'a str> {
    (mention.tokens.0..mention.tokens.1)
        .map(|i| article.doc.tokens[i].span.slice(&article.article.text))
        .filter(|w| !w.is_empty())
        .collect()
}

fn surface<'a>(article: &'a AnalyzedArticle, mention: &Mention) -> &'a str {
    mention.span.slice(&article.article.text)
}

/// Levenshtein distance over characters, for short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// "Horbensky" / "Horbenskyy": one is the other with its final letter doubled.
pub fn doubled_final_letter(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let last = short.chars().last();
    long.chars().count() == short.chars().count() + 1
        && long.starts_with(short)
        && long.chars().last() == last
}

/// Two spellings of one surname: a doubled final letter or one edit apart, same initial,
/// at least five letters (short names are too easily confused).
pub fn spelling_variant(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    let long_enough = la.chars().count() >= 5 && lb.chars().count() >= 5;
    let same_initial = la.chars().next() == lb.chars().next();
    long_enough && same_initial && (doubled_final_letter(&la, &lb) || edit_distance(&la, &lb) == 1)
}

/// Union-find over candidate indices.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(size: usize) -> Groups {
        Groups {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, index: usize) -> usize {
        let mut root = index;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut node = index;
        while self.parent[node] != root {
            let next = self.parent[node];
            self.parent[node] = root;
            node = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays root: deterministic.
            let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[join] = keep;
        }
    }
}

struct NameCandidate {
    at: MentionRef,
    first: Option<String>,
    last: String,
    surface: String,
    person_evidence: bool,
}

fn is_name_shaped(words: &[&str]) -> bool {
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !matches!(*w, "of" | "the" | "and" | "for")
        })
}

pub fn resolve(articles: &[AnalyzedArticle]) -> Entities {
    let mut entities = Vec::new();
    let mut taken: BTreeSet<MentionRef> = BTreeSet::new();
    resolve_people(articles, &mut entities, &mut taken);
    let places = places_by_majority(articles);
    resolve_organizations(articles, &places, &mut entities, &mut taken);
    resolve_places(articles, &places, &mut entities, &mut taken);
    // Ids: slugs of names, made unique.
    let mut used: BTreeSet<String> = BTreeSet::new();
    for entity in &mut entities {
        let base = slug(&entity.name);
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        entity.id = id;
    }
    let mut by_mention = HashMap::new();
    for (index, entity) in entities.iter().enumerate() {
        for at in &entity.mentions {
            by_mention.insert(*at, index);
        }
    }
    Entities {
        list: entities,
        by_mention,
    }
}

pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn resolve_people(
    articles: &[AnalyzedArticle],
    out: &mut Vec<Entity>,
    taken: &mut BTreeSet<MentionRef>,
) {
    let mut full: Vec<NameCandidate> = Vec::new();
    let mut single: Vec<NameCandidate> = Vec::new();
    let firms = organization_names(articles);
    for (a, article) in articles.iter().enumerate() {
        for (m, mention) in article.doc.mentions.iter().enumerate() {
            if is_organization_elsewhere(article, mention, &firms) {
                continue;
            }
            let person_like = match mention.kind {
                EntityKind::Person => true,
                EntityKind::Unknown => !mention.has(cue::PLACE_PREPOSITION),
                _ => false,
            };
            if !person_like {
                continue;
            }
            let words = words(article, mention);
            if !is_name_shaped(&words) {
                continue;
            }
            let candidate = NameCandidate {
                at: MentionRef {
                    article: a,
                    mention: m,
                },
                first: (words.len() > 1).then(|| words[0].to_string()),
                last: words[words.len() - 1].to_string(),
                surface: surface(article, mention).to_string(),
                person_evidence: mention.kind == EntityKind::Person,
            };
            if words.len() > 1 {
                full.push(candidate);
            } else {
                single.push(candidate);
            }
        }
    }
    // Full names: same first and last name, or same first name and variant surnames.
    // Work on distinct (first, last) keys, compared only within one first name: the
    // number of distinct names is small even when mentions are many.
    let mut key_of: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for candidate in &full {
        let key = (
            candidate.first.as_deref().unwrap_or(""),
            candidate.last.as_str(),
        );
        let next = key_of.len();
        key_of.entry(key).or_insert(next);
    }
    let mut by_first: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for ((first, last), key) in &key_of {
        by_first.entry(first).or_default().push((last, *key));
    }
    let mut groups = Groups::new(key_of.len());
    for names in by_first.values() {
        for (i, (last_a, key_a)) in names.iter().enumerate() {
            for (last_b, key_b) in &names[i + 1..] {
                if spelling_variant(last_a, last_b) {
                    groups.union(*key_a, *key_b);
                }
            }
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, candidate) in full.iter().enumerate() {
        let key = key_of[&(
            candidate.first.as_deref().unwrap_or(""),
            candidate.last.as_str(),
        )];
        clusters.entry(groups.find(key)).or_default().push(i);
    }
    struct Cluster {
        members: Vec<MentionRef>,
        surfaces: Vec<String>,
        firsts: Vec<String>,
        lasts: Vec<(String, usize)>,
        person_evidence: bool,
    }
    let mut people: Vec<Cluster> = clusters
        .values()
        .map(|indices| Cluster {
            members: indices.iter().map(|i| full[*i].at).collect(),
            surfaces: indices.iter().map(|i| full[*i].surface.clone()).collect(),
            firsts: indices
                .iter()
                .filter_map(|i| full[*i].first.clone())
                .collect(),
            lasts: indices
                .iter()
                .map(|i| (full[*i].last.clone(), full[*i].at.article))
                .collect(),
            person_evidence: indices.iter().any(|i| full[*i].person_evidence),
        })
        .collect();
    // Surname -> clusters, and cluster -> articles, for surname-only mentions.
    let mut by_surname: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut cluster_articles: Vec<BTreeSet<usize>> = Vec::new();
    for (index, cluster) in people.iter().enumerate() {
        for (surname, _) in &cluster.lasts {
            by_surname.entry(surname.clone()).or_default().insert(index);
        }
        cluster_articles.push(cluster.members.iter().map(|m| m.article).collect());
    }
    let mut variant_cache: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // Surname-only mentions join the one cluster whose surname they are (or a variant of).
    let mut lone: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, candidate) in single.iter().enumerate() {
        let exact: Vec<usize> = by_surname
            .get(&candidate.last)
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default();
        let chosen = match exact.len() {
            1 => Some(exact[0]),
            0 => {
                let variants = variant_cache
                    .entry(candidate.last.clone())
                    .or_insert_with(|| {
                        let mut found: BTreeSet<usize> = BTreeSet::new();
                        for (surname, clusters) in &by_surname {
                            if spelling_variant(surname, &candidate.last) {
                                found.extend(clusters);
                            }
                        }
                        found.into_iter().collect()
                    });
                // A doubled final letter is a transliteration ("Zelensky"/"Zelenskyy") and
                // joins across articles; another one-letter difference only where the
                // article also names that person in full (a typo there): across articles
                // it is as likely another name (the company "Roche" is not "Ricardo
                // Rocha"). A surname with an added "s" names a family ("the Askhams"),
                // not one of its members.
                let surname = candidate.last.to_lowercase();
                let joinable: Vec<usize> = variants
                    .iter()
                    .copied()
                    .filter(|&c| {
                        let lasts: Vec<String> = people[c]
                            .lasts
                            .iter()
                            .map(|(l, _)| l.to_lowercase())
                            .collect();
                        let family = lasts.iter().any(|last| surname == format!("{last}s"));
                        !family
                            && (cluster_articles[c].contains(&candidate.at.article)
                                || lasts
                                    .iter()
                                    .any(|last| doubled_final_letter(last, &surname)))
                    })
                    .collect();
                (joinable.len() == 1).then(|| joinable[0])
            }
            _ => {
                // Several people share the surname: prefer one named in the same article.
                let same_article: Vec<usize> = exact
                    .iter()
                    .copied()
                    .filter(|c| cluster_articles[*c].contains(&candidate.at.article))
                    .collect();
                (same_article.len() == 1).then(|| same_article[0])
            }
        };
        match chosen {
            Some(cluster) => {
                let person = &mut people[cluster];
                person.members.push(candidate.at);
                person.surfaces.push(candidate.surface.clone());
                person
                    .lasts
                    .push((candidate.last.clone(), candidate.at.article));
                person.person_evidence |= candidate.person_evidence;
            }
            None if candidate.person_evidence => {
                lone.entry(candidate.last.clone()).or_default().push(index);
            }
            None => {}
        }
    }
    // People known only by one name ("Okafor said …" with no full name anywhere).
    for indices in lone.values() {
        people.push(Cluster {
            members: indices.iter().map(|i| single[*i].at).collect(),
            surfaces: indices.iter().map(|i| single[*i].surface.clone()).collect(),
            firsts: Vec::new(),
            lasts: indices
                .iter()
                .map(|i| (single[*i].last.clone(), single[*i].at.article))
                .collect(),
            person_evidence: true,
        });
    }
    for cluster in people.into_iter().filter(|c| c.person_evidence) {
        let last = canonical_surname(&cluster.lasts);
        let first = most_common(&cluster.firsts);
        let name = match &first {
            Some(first) => cluster
                .surfaces
                .iter()
                .filter(|s| s.starts_with(first.as_str()) && s.ends_with(last.as_str()))
                .max_by_key(|s| (cluster.surfaces.iter().filter(|t| t == s).count(), s.len()))
                .cloned()
                .unwrap_or_else(|| format!("{first} {last}")),
            None => last.clone(),
        };
        let mut spellings: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (surname, article) in &cluster.lasts {
            spellings
                .entry(surname.clone())
                .or_default()
                .insert(*article);
        }
        let members: BTreeSet<MentionRef> = cluster.members.iter().copied().collect();
        taken.extend(members.iter().copied());
        let spellings = spellings
            .into_iter()
            .map(|(s, a)| (s, a.into_iter().collect()))
            .collect();
        out.push(entity(
            EntityKind::Person,
            None,
            name,
            &cluster.surfaces,
            members,
            spellings,
        ));
    }
    sort_by_weight(out, 0);
}

/// The surname spelling to use: a doubled-final-letter form wins (the fuller
/// transliteration), otherwise the one used by most articles, then most often.
fn canonical_surname(lasts: &[(String, usize)]) -> String {
    let mut stats: BTreeMap<&str, (BTreeSet<usize>, usize)> = BTreeMap::new();
    for (surname, article) in lasts {
        let entry = stats.entry(surname.as_str()).or_default();
        entry.0.insert(*article);
        entry.1 += 1;
    }
    let mut best: Option<(&str, usize, usize)> = None;
    for (surname, (articles, count)) in &stats {
        let candidate = (*surname, articles.len(), *count);
        best = match best {
            None => Some(candidate),
            Some(current) => {
                let better = if doubled_final_letter(current.0, surname) {
                    surname.len() > current.0.len()
                } else {
                    (candidate.1, candidate.2) > (current.1, current.2)
                };
                Some(if better { candidate } else { current })
            }
        };
    }
    best.map(|b| b.0.to_string()).unwrap_or_default()
}

fn most_common(values: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v.to_string())
}

/// Distinct surface forms other than the name, most frequent first.
fn aliases(surfaces: &[String], name: &str) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for surface in surfaces {
        if surface != name {
            *counts.entry(surface.as_str()).or_default() += 1;
        }
    }
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.into_iter().map(|(s, _)| s.to_string()).collect()
}

/// An entity from its mentions: aliases are the surface forms other than `name`.
fn entity(
    kind: EntityKind,
    org_kind: Option<OrgKind>,
    name: String,
    surfaces: &[String],
    mentions: BTreeSet<MentionRef>,
    spellings: Vec<(String, Vec<usize>)>,
) -> Entity {
    let articles: BTreeSet<usize> = mentions.iter().map(|m| m.article).collect();
    Entity {
        id: String::new(),
        kind,
        org_kind,
        aliases: aliases(surfaces, &name),
        articles: articles.into_iter().collect(),
        mentions: mentions.into_iter().collect(),
        name,
        spellings,
    }
}

fn sort_by_weight(list: &mut [Entity], from: usize) {
    list[from..].sort_by(|a, b| b.weight().cmp(&a.weight()).then(a.name.cmp(&b.name)));
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// A name written without a leading "the".
fn bare<'t>(article: &'t AnalyzedArticle, mention: &Mention) -> &'t str {
    surface(article, mention)
        .trim_start_matches("the ")
        .trim_start_matches("The ")
}

/// An organisation only because the statistical tagger said so: no known name or
/// organisation keyword backs it.
fn organization_by_tagger_alone(mention: &Mention) -> bool {
    mention.kind == EntityKind::Organization
        && mention.has(cue::TAGGER)
        && !mention.has(cue::KNOWN_ORG)
        && !mention.has(cue::ORG_KEYWORD)
}

/// Names the story's articles type as a place more often than as an organisation, where
/// some mentions are organisations by the tagger alone. One name keeps one sense in a
/// story: "the strike at Port Velmora" is the town that other sentences and datelines
/// name, not an organisation the tagger saw in a lone sentence.
fn places_by_majority(articles: &[AnalyzedArticle]) -> BTreeSet<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for article in articles {
        for mention in &article.doc.mentions {
            let count = counts.entry(bare(article, mention)).or_default();
            match mention.kind {
                EntityKind::Place => count.0 += 1,
                EntityKind::Organization if organization_by_tagger_alone(mention) => count.1 += 1,
                _ => {}
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (places, organizations))| *organizations > 0 && places > organizations)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The names the story's articles mark as organizations (without a leading "the").
fn organization_names(articles: &[AnalyzedArticle]) -> BTreeSet<String> {
    articles
        .iter()
        .flat_map(|article| {
            article
                .doc
                .mentions
                .iter()
                .filter(|m| m.kind == EntityKind::Organization)
                .map(|m| bare(article, m).to_string())
        })
        .collect()
}

/// A one-word name with no role that other sentences of the story mark as an
/// organization: "Coastrail said …" after "the rail operator Coastrail".
fn is_organization_elsewhere(
    article: &AnalyzedArticle,
    mention: &Mention,
    firms: &BTreeSet<String>,
) -> bool {
    mention.kind != EntityKind::Organization
        && mention.kind != EntityKind::Place
        && mention.role.is_none()
        && mention.tokens.1 - mention.tokens.0 == 1
        && firms.contains(surface(article, mention))
}

fn resolve_organizations(
    articles: &[AnalyzedArticle],
    places: &BTreeSet<String>,
    out: &mut Vec<Entity>,
    taken: &mut BTreeSet<MentionRef>,
) {
    let start = out.len();
    let firms = organization_names(articles);
    let mut groups: BTreeMap<String, Vec<(MentionRef, String, Option<OrgKind>)>> = BTreeMap::new();
    for (a, article) in articles.iter().enumerate() {
        for (m, mention) in article.doc.mentions.iter().enumerate() {
            let at = MentionRef {
                article: a,
                mention: m,
            };
            let organization = mention.kind == EntityKind::Organization
                || is_organization_elsewhere(article, mention, &firms);
            let a_place_here =
                organization_by_tagger_alone(mention) && places.contains(bare(article, mention));
            if !organization || a_place_here || taken.contains(&at) {
                continue;
            }
            let written = surface(article, mention);
            let key = mention
                .normalized
                .clone()
                .unwrap_or_else(|| bare(article, mention).to_string());
            groups
                .entry(key)
                .or_default()
                .push((at, written.to_string(), mention.org_kind));
        }
    }
    // British and American spellings of one name are one organisation ("World Health
    // Organisation" / "Organization"): the spelling more mentions use names it.
    let mut by_spelling: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for key in groups.keys() {
        by_spelling
            .entry(spelling_key(key))
            .or_default()
            .push(key.clone());
    }
    for names in by_spelling.into_values().filter(|names| names.len() > 1) {
        let keep = names
            .iter()
            .max_by(|a, b| groups[*a].len().cmp(&groups[*b].len()).then(b.cmp(a)))
            .expect("non-empty")
            .clone();
        for name in names.iter().filter(|n| **n != keep) {
            if let Some(members) = groups.remove(name) {
                groups.entry(keep.clone()).or_default().extend(members);
            }
        }
    }
    // Acronyms join the organisation they abbreviate ("NSC" -> "National Security Council").
    let keys: Vec<String> = groups.keys().cloned().collect();
    for key in &keys {
        let is_acronym = key.len() >= 2 && key.chars().all(|c| c.is_ascii_uppercase());
        if !is_acronym {
            continue;
        }
        let expansion = keys
            .iter()
            .find(|other| *other != key && other.contains(' ') && initials(other) == *key);
        if let Some(expansion) = expansion.cloned() {
            if let Some(members) = groups.remove(key) {
                groups.entry(expansion).or_default().extend(members);
            }
        }
    }
    for (name, members) in groups {
        let known = members.len() >= 2
            || members.iter().any(|(at, _, _)| {
                let mention = &articles[at.article].doc.mentions[at.mention];
                !mention.has(cue::ACRONYM)
            });
        if !known {
            continue;
        }
        // Mentions that say what kind it is vote; the rest ("Coastrail said") abstain.
        let mut kinds: BTreeMap<OrgKind, usize> = BTreeMap::new();
        for kind in members.iter().filter_map(|(_, _, kind)| *kind) {
            *kinds.entry(kind).or_default() += 1;
        }
        let org_kind = kinds
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(k, _)| k)
            .or(Some(OrgKind::Other));
        let surfaces: Vec<String> = members.iter().map(|(_, s, _)| s.clone()).collect();
        let refs: BTreeSet<MentionRef> = members.iter().map(|(at, _, _)| *at).collect();
        taken.extend(refs.iter().copied());
        out.push(entity(
            EntityKind::Organization,
            org_kind,
            name,
            &surfaces,
            refs,
            Vec::new(),
        ));
    }
    sort_by_weight(out, start);
}

/// A name with British spellings made American, lowercased: the key under which the two
/// spellings of one organisation meet.
fn spelling_key(name: &str) -> String {
    let mut key = name.to_lowercase();
    for (british, american) in [
        ("isation", "ization"),
        ("centre", "center"),
        ("defence", "defense"),
        ("programme", "program"),
        ("labour", "labor"),
    ] {
        key = key.replace(british, american);
    }
    key
}

fn resolve_places(
    articles: &[AnalyzedArticle],
    places: &BTreeSet<String>,
    out: &mut Vec<Entity>,
    taken: &mut BTreeSet<MentionRef>,
) {
    let start = out.len();
    let mut groups: BTreeMap<String, Vec<(MentionRef, String, bool)>> = BTreeMap::new();
    for (a, article) in articles.iter().enumerate() {
        for (m, mention) in article.doc.mentions.iter().enumerate() {
            let at = MentionRef {
                article: a,
                mention: m,
            };
            if taken.contains(&at) {
                continue;
            }
            let written = surface(article, mention);
            let candidate = match mention.kind {
                EntityKind::Place => true,
                EntityKind::Organization => {
                    organization_by_tagger_alone(mention) && places.contains(bare(article, mention))
                }
                // An unresolved name after "in"/"at"/"from" that no person or
                // organisation claimed: "in South Florida".
                EntityKind::Unknown => {
                    mention.has(cue::PLACE_PREPOSITION)
                        && !GAZETTEER.demonyms.contains_key(written)
                        && is_name_shaped(&words(article, mention))
                }
                _ => false,
            };
            if !candidate {
                continue;
            }
            let key = mention
                .normalized
                .clone()
                .unwrap_or_else(|| written.to_string());
            groups.entry(key).or_default().push((
                at,
                written.to_string(),
                mention.kind == EntityKind::Place,
            ));
        }
    }
    for (name, members) in groups {
        let confirmed = members.iter().any(|(_, _, place)| *place) || members.len() >= 2;
        if !confirmed {
            continue;
        }
        let surfaces: Vec<String> = members.iter().map(|(_, s, _)| s.clone()).collect();
        let refs: BTreeSet<MentionRef> = members.iter().map(|(at, _, _)| *at).collect();
        taken.extend(refs.iter().copied());
        out.push(entity(
            EntityKind::Place,
            None,
            name,
            &surfaces,
            refs,
            Vec::new(),
        ));
    }
    sort_by_weight(out, start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_and_american_spellings_meet() {
        assert_eq!(
            spelling_key("Velmora Labour Organisation"),
            spelling_key("Velmora Labor Organization")
        );
        assert_ne!(spelling_key("Velmora Port"), spelling_key("Velmora Ports"));
    }

    #[test]
    fn spelling_variants() {
        assert!(spelling_variant("Horbensky", "Horbenskyy"));
        assert!(!spelling_variant("Ferreira", "Ferriera"), "two edits apart");
        assert!(spelling_variant("Albarran", "Albaran"));
        assert!(spelling_variant("Okafor", "Okafur"));
        assert!(!spelling_variant("Bell", "Ball"), "too short to tell");
        assert!(!spelling_variant("Martin", "Kartin"), "different initial");
    }

    #[test]
    fn canonical_surname_prefers_doubled_letter_then_majority() {
        let lasts = |items: &[(&str, usize)]| -> Vec<(String, usize)> {
            items.iter().map(|(s, a)| (s.to_string(), *a)).collect()
        };
        assert_eq!(
            canonical_surname(&lasts(&[
                ("Horbensky", 0),
                ("Horbensky", 1),
                ("Horbenskyy", 2)
            ])),
            "Horbenskyy"
        );
        assert_eq!(
            canonical_surname(&lasts(&[("Albarran", 0), ("Albarran", 1), ("Albaran", 2)])),
            "Albarran"
        );
    }

    #[test]
    fn a_firm_named_alone_stays_the_firm_it_was_introduced_as() {
        let texts = [
            "Ferries Halted\n\nThe ferry operator Saltwing said on Monday that all crossings were halted. Harbour master Lena Voss said the storm would pass.",
            "Crossings Resume\n\nSaltwing said the first ferries would sail again on Wednesday, after Saltwing engineers checked the ramps.",
        ];
        let dossier = crate::pipeline::dossier_from_texts(&texts);
        let people: Vec<&str> = dossier.people.iter().map(|p| p.name.as_str()).collect();
        let firms: Vec<(&str, &str)> = dossier
            .organizations
            .iter()
            .map(|o| (o.name.as_str(), o.kind.as_str()))
            .collect();
        assert!(!people.contains(&"Saltwing"), "{people:?}");
        assert!(firms.contains(&("Saltwing", "company")), "{firms:?}");
    }

    #[test]
    fn a_lone_name_one_letter_off_joins_no_one_named_only_elsewhere() {
        let texts = [
            "Harbour Search\n\nInspector Dario Velten of the harbour police said the ferry was searched overnight. Velten said no one was hurt.",
            "Yard Orders\n\nVelden said on Tuesday that orders for its ferries were steady. Velden said it would hire forty welders in Orlen.",
        ];
        let dossier = crate::pipeline::dossier_from_texts(&texts);
        let velten = dossier
            .people
            .iter()
            .find(|p| p.name == "Dario Velten")
            .expect("Dario Velten is a person");
        assert!(
            !velten.aliases.iter().any(|a| a.contains("Velden")) && velten.articles == [0],
            "{:?}",
            dossier
                .people
                .iter()
                .map(|p| (&p.name, &p.aliases, &p.articles))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_family_named_in_the_plural_is_none_of_its_members() {
        let texts = [
            "Climbers Found\n\nRescuers found the teacher Marta Oskarsen on the ridge on Monday. The Oskarsens said they would climb again in spring.",
            "Ridge Closed\n\nPark ranger Pavel Oskarsen said the ridge would stay closed until Friday.",
        ];
        let dossier = crate::pipeline::dossier_from_texts(&texts);
        let people: Vec<(&str, &Vec<String>)> = dossier
            .people
            .iter()
            .map(|p| (p.name.as_str(), &p.aliases))
            .collect();
        assert!(
            people.iter().any(|(name, _)| *name == "Marta Oskarsen"),
            "{people:?}"
        );
        assert!(
            people
                .iter()
                .all(|(_, aliases)| !aliases.iter().any(|a| a.contains("Oskarsens"))),
            "{people:?}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Ines Albarran"), "ines-albarran");
        assert_eq!(slug("U.S. Congress"), "u-s-congress");
    }
}
