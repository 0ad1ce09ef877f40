// The query editor's completion from the knowledge graph, as Yasqe autocompleters: the
// project's prefixes (declared when first typed), the ontology's classes and properties
// (forks of Yasqe's "class" and "property" completers, fed from GET /api/terms instead of a
// remote vocabulary service) and the framework's individuals after "smcid:", matched by path
// or by their English or Chinese label.
"use strict";

window.SmcCompletion = (function () {
  const OWL = "http://www.w3.org/2002/07/owl#";
  const CLASS_TYPES = [OWL + "Class", "http://www.w3.org/2000/01/rdf-schema#Class"];
  const PROPERTY_TYPES = ["ObjectProperty", "DatatypeProperty", "AnnotationProperty"]
    .map((name) => OWL + name);
  let terms = null;

  function loadTerms(config) {
    if (!terms) {
      terms = fetch(config.terms, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { terms: [] }))
        .then((data) => data.terms, () => []);
    }
    return terms;
  }

  function iriList(config, types) {
    return loadTerms(config).then((all) => all
      .filter((term) => term.types.some((type) => types.includes(type)))
      .map((term) => term.iri));
  }

  function register(Yasqe, config) {
    const other = config.lang === "zh" ? "en" : "zh";
    const prefixes = Object.entries(config.prefixes).map(([name, iri]) => name + ": <" + iri + ">");
    Yasqe.forkAutocompleter("prefixes", { name: "smcPrefixes", get: () => prefixes, persistenceId: null }, false);
    Yasqe.forkAutocompleter("class", {
      name: "smcClasses", bulk: true, autoShow: true, persistenceId: null,
      get: () => iriList(config, CLASS_TYPES),
    }, false);
    Yasqe.forkAutocompleter("property", {
      name: "smcProperties", bulk: true, autoShow: true, persistenceId: null,
      get: () => iriList(config, PROPERTY_TYPES),
    }, false);
    Yasqe.registerAutocompleter({
      name: "smcIndividuals", bulk: false, autoShow: true,
      isValidCompletionPosition: (yasqe) => yasqe.getCompleteToken().string.startsWith("smcid:"),
      get: (yasqe, token) => {
        const wanted = token.string.slice("smcid:".length).toLowerCase();
        return loadTerms(config).then((all) => all
          .filter((term) => term.iri.startsWith(config.idBase))
          .filter((term) => term.iri.slice(config.idBase.length).toLowerCase().startsWith(wanted)
            || Object.values(term.labels).some((label) => label.toLowerCase().includes(wanted)))
          .slice(0, 50)
          .map((term) => "smcid:" + term.iri.slice(config.idBase.length)));
      },
      postprocessHints: (yasqe, hints) => loadTerms(config).then((all) => {
        const byName = new Map(all.map((term) => ["smcid:" + term.iri.slice(config.idBase.length), term]));
        return hints.map((hint) => {
          const term = byName.get(hint.text);
          const labels = term ? [term.labels[config.lang], term.labels[other]].filter(Boolean) : [];
          return Object.assign(hint, { displayText: hint.text + (labels.length ? " — " + labels.join(" · ") : "") });
        });
      }),
    }, false);
  }

  // The project's prefixes a query uses (outside IRIs, strings and comments).
  function usedPrefixes(text, prefixes) {
    const code = text.replace(/<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*/g, " ");
    const names = new Set(Array.from(code.matchAll(/(?:^|[^\w:-])([A-Za-z][\w-]*):/g), (match) => match[1]));
    return Array.from(names).filter((name) => Object.hasOwn(prefixes, name));
  }


  return { register, usedPrefixes };
})();
