"""Check the knowledge graph and the ontology: SHACL shapes, HermiT consistency, OWL 2 DL profile.

``check_shapes`` runs pySHACL with ``ontology/shapes.ttl``; ``check_consistency`` runs the
HermiT reasoner bundled with owlready2 (needs Java) in a fresh owlready2 world each call;
``check_profile`` runs the OWL API's OWL 2 DL profile checker bundled in the same jar.
``validate`` combines the three and never raises: set-up failures are collected as errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import owlready2
import pyshacl
from rdflib import OWL, RDF, BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import SH
from rdflib.util import guess_format

from smckg.errors import SmcError, ValidationError
from smckg.ontology import load_ontology, ontology_files
from smckg.paths import ONTOLOGY_DIR

T = TypeVar("T")

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
JAVA_TIMEOUT_S = 600

# rdf:langString (RDF 1.1) postdates the OWL API bundled with HermiT, which calls it unknown;
# current OWL tools accept it, so that one report is not a profile violation.
_KNOWN_PROFILE_FALSE_ALARM = "Use of unknown datatype: rdf:langString"

_CJK = re.compile(r"[\u3400-\u9fff]")

_PROFILE_CHECKER = """\
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Owl2DlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println(v.toString().replace('\\n', ' '));
        }
    }
}
"""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property path, the message in both languages."""

    focus: str
    path: str | None
    message_en: str
    message_zh: str
    severity: str = "Violation"
    value: str | None = None
    shape: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"[{self.severity}] {where}{value}: {self.message_en} / {self.message_zh}"


@dataclass(frozen=True)
class ReasonerReport:
    """HermiT's verdict: whether ontology and data are consistent, and any unsatisfiable class."""

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def __str__(self) -> str:
        if not self.consistent:
            return ("HermiT: inconsistent: the ontology and the data contradict each other "
                    "/ HermiT：不一致：本体与数据相互矛盾")
        if self.unsatisfiable:
            listing = ", ".join(self.unsatisfiable)
            return f"HermiT: unsatisfiable classes / 不可满足的类: {listing}"
        return "HermiT: consistent, every class satisfiable / HermiT：一致，所有类均可满足"


@dataclass(frozen=True)
class ValidationResult:
    """Everything ``validate`` found; ``ok`` is true only when every check ran and passed."""

    violations: tuple[Violation, ...] = ()
    reasoner: ReasonerReport | None = None
    profile: tuple[str, ...] = ()
    errors: tuple[SmcError, ...] = ()

    @property
    def ok(self) -> bool:
        return (not self.violations and not self.profile and not self.errors
                and self.reasoner is not None and self.reasoner.ok)

    def __str__(self) -> str:
        lines = [f"SHACL: {len(self.violations)} violation(s) / 处违规"]
        lines += [f"  {violation}" for violation in self.violations]
        lines.append(str(self.reasoner) if self.reasoner else "HermiT: not run / 未运行")
        lines.append(f"OWL 2 DL: {len(self.profile)} profile violation(s) / 处轮廓违规")
        lines += [f"  {item}" for item in self.profile]
        lines += [f"error / 错误: {error}" for error in self.errors]
        lines.append("valid / 通过" if self.ok else "NOT valid / 未通过")
        return "\n".join(lines)


def check_shapes(
    graph: Graph, *, ontology: Graph | None = None, shapes: Path = SHAPES_FILE
) -> list[Violation]:
    """Run the SHACL shapes over ``graph``, with the ontology mixed in for sub-class reasoning."""
    shapes_graph = _parse_files([shapes])
    try:
        _, results, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph,
            ont_graph=ontology if ontology is not None else load_ontology(),
            inference="none",
            allow_warnings=True,
        )
    except Exception as error:  # pySHACL reports malformed shapes with its own exceptions
        raise ValidationError(f"the SHACL shapes could not run: {error}",
                              f"SHACL 形状无法运行：{error}", where=str(shapes)) from error
    found = [_violation(results, shapes_graph, result)
             for result in results.subjects(RDF.type, SH.ValidationResult)]
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message_en))


def check_consistency(
    ontology_paths: Path | Sequence[Path] | None = None, data_graph: Graph | None = None
) -> ReasonerReport:
    """Run HermiT over the ontology files (default: the project's) plus ``data_graph``.

    Raises ``ValidationError`` when Java is missing or a file cannot be read.
    """
    _require_java()
    graph = _parse_files(_paths(ontology_paths))
    if data_graph is not None:
        graph += data_graph
    with tempfile.TemporaryDirectory(prefix="smckg-hermit-") as folder:
        source = _write_ntriples(graph, Path(folder) / "input.nt")
        return _reason(source)


def check_profile(graph: Graph | None = None) -> list[str]:
    """OWL 2 DL profile violations of ``graph`` (default: the ontology alone), per the OWL API."""
    _require_java()
    with tempfile.TemporaryDirectory(prefix="smckg-profile-") as folder:
        source = _write_ntriples(graph if graph is not None else load_ontology(),
                                 Path(folder) / "input.nt")
        checker = Path(folder) / "Owl2DlProfile.java"
        checker.write_text(_PROFILE_CHECKER, encoding="utf-8")
        output = _run_java(["-cp", str(HERMIT_JAR), str(checker), str(source)])
    lines = {line.strip() for line in output.splitlines() if line.strip()}
    return sorted(line for line in lines if not line.startswith(_KNOWN_PROFILE_FALSE_ALARM))


def validate(graph: Graph) -> ValidationResult:
    """Shapes over ``graph``; HermiT and the OWL 2 DL profile over the ontology plus ``graph``."""
    errors: list[SmcError] = []
    violations = _collect(errors, lambda: tuple(check_shapes(graph)), ())
    reasoner = _collect(errors, lambda: check_consistency(data_graph=graph), None)
    profile = _collect(errors, lambda: tuple(check_profile(load_ontology() + graph)), ())
    return ValidationResult(violations, reasoner, profile, tuple(errors))


def _collect(errors: list[SmcError], check: Callable[[], T], default: T) -> T:
    """Run one check; on a domain error record it and return ``default``."""
    try:
        return check()
    except SmcError as error:
        errors.append(error)
        return default


# ---------------------------------------------------------------- SHACL results


def _violation(results: Graph, shapes: Graph, result: Node) -> Violation:
    severity = results.value(result, SH.resultSeverity)
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    shape = results.value(result, SH.sourceShape)
    path = results.value(result, SH.resultPath)
    en, zh = _messages(results, shapes, result, shape)
    return Violation(
        focus=str(focus),
        path=_path_text(results, shapes, path) if path is not None else None,
        message_en=en,
        message_zh=zh,
        severity=severity.fragment if isinstance(severity, URIRef) else str(severity),
        value=None if value in (None, focus) else _node_text(shapes, value),
        shape=None if shape is None else _node_text(shapes, shape),
    )


def _messages(results: Graph, shapes: Graph, result: Node, shape: Node | None) -> tuple[str, str]:
    """The English and Chinese messages; a constraint's own win over its shape's general one."""
    messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    general = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
    specific = [m for m in messages if str(m) not in general] or messages
    component = results.value(result, SH.sourceConstraintComponent)
    fallback = _node_text(shapes, component) if component is not None else "SHACL"
    return _in_language(specific, "en", fallback), _in_language(specific, "zh", fallback)


def _in_language(messages: list[Literal], lang: str, fallback: str) -> str:
    texts = sorted(str(m) for m in messages if _language(m) == lang)
    return "; ".join(texts) or fallback


def _language(message: Literal) -> str:
    """The message's language; pySHACL drops the tags of SPARQL messages: guess from the script."""
    if message.language:
        return message.language.split("-")[0]
    return "zh" if _CJK.search(str(message)) else "en"


def _path_text(results: Graph, shapes: Graph, path: Node) -> str:
    """``smc:inArea``, or ``^smc:hasTransition`` for an inverse path."""
    inverse = results.value(path, SH.inversePath) if isinstance(path, BNode) else None
    if inverse is not None:
        return "^" + _node_text(shapes, inverse)
    return _node_text(shapes, path)


def _node_text(shapes: Graph, node: Node) -> str:
    """A node in Turtle form, with the shapes file's prefixes (full IRI when none fits)."""
    return node.n3(shapes.namespace_manager)


# ---------------------------------------------------------------- reasoner and profile


def _require_java() -> None:
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ValidationError(
            f"Java is missing ('{owlready2.JAVA_EXE}' not found); the HermiT reasoner and the "
            "OWL profile check need it: run scripts/install-system-deps.sh",
            f"缺少 Java（找不到 '{owlready2.JAVA_EXE}'）；HermiT 推理机和 OWL 轮廓检查需要它："
            "请运行 scripts/install-system-deps.sh",
            where="java",
        )


def _reason(source: Path) -> ReasonerReport:
    """Load ``source`` into a fresh owlready2 world and classify it with HermiT."""
    world = owlready2.World()
    try:
        try:
            world.get_ontology(source.as_uri()).load(format="ntriples")
        except owlready2.OwlReadyOntologyParsingError as error:
            raise ValidationError(f"owlready2 cannot read the graph: {error}",
                                  f"owlready2 无法读取该图：{error}") from error
        try:
            # xsd:gYear lies outside the OWL 2 datatype map; HermiT must be told to let it pass.
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(consistent=False)
        except owlready2.OwlReadyJavaError as error:
            raise ValidationError(f"HermiT failed: {error}", f"HermiT 运行失败：{error}",
                                  where=str(HERMIT_JAR)) from error
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                               if c is not owlready2.Nothing)
        return ReasonerReport(consistent=True, unsatisfiable=tuple(unsatisfiable))
    finally:
        world.close()


def _run_java(arguments: list[str]) -> str:
    try:
        completed = subprocess.run([owlready2.JAVA_EXE, *arguments], capture_output=True,
                                   text=True, timeout=JAVA_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise ValidationError(f"the OWL profile check took over {JAVA_TIMEOUT_S} s",
                              f"OWL 轮廓检查超过 {JAVA_TIMEOUT_S} 秒",
                              where=str(HERMIT_JAR)) from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()[-2000:]
        raise ValidationError(f"the OWL profile check failed: {detail}",
                              f"OWL 轮廓检查运行失败：{detail}", where=str(HERMIT_JAR))
    return completed.stdout


# ---------------------------------------------------------------- files


def _paths(ontology_paths: Path | Sequence[Path] | None) -> list[Path]:
    if ontology_paths is None:
        return ontology_files()
    return [ontology_paths] if isinstance(ontology_paths, Path) else list(ontology_paths)


def _parse_files(paths: Sequence[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format=guess_format(str(path)) or "turtle")
        except FileNotFoundError as error:
            raise ValidationError("file is missing", "文件不存在", where=str(path)) from error
        except Exception as error:  # rdflib raises parser-specific exceptions
            raise ValidationError(f"file does not parse: {error}", f"文件无法解析：{error}",
                                  where=str(path)) from error
    return graph


def _write_ntriples(graph: Graph, path: Path) -> Path:
    """Write ``graph`` as N-Triples without owl:imports, so no tool goes to the network."""
    local = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            local.add(triple)
    local.serialize(path, format="nt", encoding="utf-8")
    return path
