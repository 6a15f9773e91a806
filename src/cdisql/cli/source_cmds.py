"""``cdisql sources | catalog | preview | build | builds | demo``: thin faces over
``cdisql.sources``. Exit codes: 0 ok, 1 refused by the guard/lint, 2 usage or
configuration error, 3 warehouse error, 4 maximum runtime reached, 128 + signal when
stopped by Ctrl-C (130), SIGTERM (143) or SIGHUP (129): the build is cancelled and cleaned up.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cdisql.cli.output import output_path
from cdisql.cli.source_common import (
    EXIT_WAREHOUSE,
    SuggestingGroup,
    _console,
    _echo,
    _fail,
    _load_source,
    _read_segment,
    _segment_source,
    exit_code_of,
)
from cdisql.signals import StopSignals
from cdisql.sources.base import SettingSpec
from cdisql.sources.model import SOURCE_TYPES, MaxRuntime, Source, SourceError
from cdisql.textindex import printable


# -- shared helpers ---------------------------------------------------------------------
def _say_progress(console: Any) -> Callable[[str], None]:
    """Adapter progress lines ("waiting for the SQL warehouse to start") on stderr."""

    def say(message: str) -> None:
        console.print(f"… {message}", markup=False, highlight=False)

    return say


def _say_plain(message: str) -> None:
    _echo(f"… {message}", err=True)


def _print_diagnostics(name: str, text: str, diagnostics: Any) -> None:
    from cdisql.report import render
    from cdisql.report.model import FileReport

    output = render("text", [FileReport(name, text, tuple(diagnostics))])
    _echo(output.rstrip("\n"), err=True)


def _adapter_specs() -> dict[str, tuple[SettingSpec, ...]]:
    """Each source type's settings, from its adapter."""
    from cdisql.sources.base import adapter_class

    return {kind: adapter_class(kind).settings_spec for kind in SOURCE_TYPES}


_FIXED_OPTIONS = {"type", "database", "schema", "dialect", "max_runtime", "set", "replace", "name"}


def _option_name(spec_name: str) -> str:
    return "--" + spec_name.replace("_", "-")


def _add_command() -> click.Command:
    specs = _adapter_specs()
    generated: dict[str, SettingSpec] = {}
    for kind_specs in specs.values():
        for spec in kind_specs:
            if spec.name not in _FIXED_OPTIONS:
                generated.setdefault(spec.name, spec)

    @click.command("add")
    @click.argument("name")
    @click.option(
        "--type", "type_", type=click.Choice(SOURCE_TYPES), required=True, help="the warehouse"
    )
    @click.option(
        "--database",
        help="DuckDB: database file; Snowflake/Redshift: database; BigQuery: project; "
        "Databricks: catalog",
    )
    @click.option("--schema", help="the one schema (BigQuery: dataset) the source reads")
    @click.option("--dialect", help="DuckDB only: emulate a warehouse's SQL (e.g. snowflake)")
    @click.option(
        "--max-runtime", default="60m", show_default=True, help="1s to 60m, e.g. 90s, 15m, 1h"
    )
    @click.option(
        "--set",
        "set_",
        multiple=True,
        metavar="KEY=VALUE",
        help="any connection setting of the type (repeatable)",
    )
    @click.option("--replace", is_flag=True, help="replace a source of the same name")
    def add(name: str, type_: str, **options: Any) -> None:
        """Add a source (a draft until `cdisql sources test NAME` succeeds)."""
        _add(name, type_, options, generated)

    for spec_name, spec in sorted(generated.items()):
        kinds = [k for k, s in specs.items() if any(x.name == spec_name for x in s)]
        help_text = f"[{', '.join(kinds)}] {spec.help}"
        if spec.secret_ref:
            help_text += " (names where the secret is read; never the secret itself)"
        if spec.kind == "bool":
            option = click.Option(
                [_option_name(spec_name) + "/" + "--no-" + spec_name.replace("_", "-")],
                default=None,
                help=help_text,
            )
        else:
            option = click.Option(
                [_option_name(spec_name)],
                type=click.INT if spec.kind == "int" else click.STRING,
                default=None,
                help=help_text,
            )
        option.name = f"opt_{spec_name}"
        add.params.append(option)
    return add


def _add(
    name: str,
    type_: str,
    options: dict[str, Any],
    generated: dict[str, SettingSpec],
) -> None:
    from cdisql.sources.model import new_source
    from cdisql.sources.store import add_source

    try:
        source = new_source(
            name,
            type_,
            schema=options.get("schema"),
            database=options.get("database"),
            dialect=options.get("dialect"),
            max_runtime=options.get("max_runtime") or "60m",
            pairs=options.get("set_") or (),
            options={spec_name: options.get(f"opt_{spec_name}") for spec_name in generated},
        )
        add_source(source, replace=bool(options.get("replace")))
    except (SourceError, ValueError) as error:
        _fail(str(error))
    _echo(
        f"added source {name!r} ({type_}, schema {source.schema}, max runtime {source.max_runtime}) "
        f"as a draft: run `cdisql sources test {name}` to activate it"
    )
    if source.max_runtime.below_platform_minimum:
        from cdisql.platform import platform_facts

        shortest = MaxRuntime(platform_facts().platform_min_runtime_s)
        _echo(
            f"note: the platform's shortest maximum runtime is {shortest}; "
            f"{source.max_runtime} is for trying timeouts here",
            err=True,
        )


# -- sources ------------------------------------------------------------------------------
class _SourcesGroup(SuggestingGroup):
    """Builds ``add`` on first use: its flags come from each adapter's ``settings_spec``."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "add":
            return _add_command()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "add"])


@click.group(cls=_SourcesGroup)
def sources() -> None:
    """Connected sources: add, list, show, test, remove."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def sources_list(as_json: bool) -> None:
    """Every source: name, type, schema, max runtime, state, last test."""
    from cdisql.sources.store import load_sources, source_to_dict

    try:
        found = load_sources()
    except SourceError as error:
        _fail(str(error))
    if as_json:
        _echo(json.dumps([{"name": n, **source_to_dict(s)} for n, s in found.items()], indent=2))
        return
    if not found:
        _echo("no sources yet: add one with `cdisql sources add` or run `cdisql demo`")
        return
    from rich.table import Table

    table = Table("name", "type", "schema", "max runtime", "state", "last test")
    for name, s in sorted(found.items()):
        last = "never"
        if s.last_test:
            last = f"{s.last_test} {'ok' if s.last_test_ok else 'failed'}"
        kind = s.type + (f" ({s.dialect})" if s.dialect else "")
        table.add_row(name, kind, s.schema, str(s.max_runtime), s.state.value, last)
    _console().print(table)


@sources.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def sources_show(name: str, as_json: bool) -> None:
    """One source's settings (never a secret: only where secrets are read)."""
    from cdisql import paths
    from cdisql.sources.store import cached_catalog, source_to_dict

    source = _load_source(name)
    catalog = cached_catalog(source)
    data = {
        "name": name,
        **source_to_dict(source),
        "max_runtime": str(source.max_runtime),
        "catalog_cache": str(paths.catalog_file(name)) if catalog is not None else None,
        "catalog_tables": len(catalog) if catalog is not None else None,
    }
    if as_json:
        _echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if key == "settings":
            _echo("settings:" if value else "settings: -")
            for skey, svalue in (value or {}).items():
                _echo(f"  {skey}: {svalue}")
            continue
        if key == "max_runtime_s":
            continue
        _echo(f"{key}: {'-' if value is None else value}")


@sources.command("test")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def sources_test(name: str, as_json: bool) -> None:
    """Connect, list tables, check CREATE TABLE; success makes the source active."""
    from cdisql.sources.connection_test import run_connection_test

    source = _load_source(name)
    result, stop = _interruptible(
        lambda cancel: run_connection_test(
            source, cancel=cancel, on_message=None if as_json else _say_progress(_console(True))
        )
    )
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2))
    else:
        console = _console()
        from rich.text import Text

        for check in result.checks:
            mark = ("✓", "green") if check.ok else ("✗", "red")
            shown = printable(f" {check.name}: {check.detail}", None, lines=True)
            console.print(Text.assemble(mark, shown))
            if not check.ok and check.fix:
                console.print(f"    what to do: {check.fix}")
        if result.tables:
            console.print(f"\ntables and views in {source.schema}:")
            for table in result.tables:
                desc = f" — {table.description}" if table.description else ""
                console.print(f"  {table.name} ({table.kind}){desc}", markup=False)
        console.print(f"\n{result.verdict()}", markup=False)
    sys.exit(stop.exit_code(0 if result.ok else EXIT_WAREHOUSE))


@sources.command("remove")
@click.argument("name")
def sources_remove(name: str) -> None:
    """Forget a source and its cached catalog (build history is kept)."""
    from cdisql.sources.store import remove_source

    try:
        remove_source(name)
    except SourceError as error:
        _fail(str(error))
    _echo(f"removed source {name!r}")


# -- catalog ------------------------------------------------------------------------------
@click.group(cls=SuggestingGroup)
def catalog() -> None:
    """A source's catalog: refresh, show, export; validate a catalog file."""


def _refresh(source: Source) -> Any:
    from cdisql.sources.base import WarehouseError
    from cdisql.sources.catalog_cache import refresh_catalog

    try:
        return refresh_catalog(source)
    except WarehouseError as error:
        _fail(f"cannot read the catalog of {source.name!r}: {error}", EXIT_WAREHOUSE)


@catalog.command("refresh")
@click.argument("name")
def catalog_refresh(name: str) -> None:
    """Discover the source's tables, views and columns and cache them."""
    from cdisql.sources.catalog_cache import refresh_summary

    _echo(refresh_summary(name, _refresh(_load_source(name))))


@catalog.command("show")
@click.argument("name")
@click.argument("table", required=False)
@click.option("--refresh", is_flag=True, help="discover again before showing")
def catalog_show(name: str, table: str | None, refresh: bool) -> None:
    """The cached catalog of a source, or one table's columns."""
    from rich.table import Table

    from cdisql.sources.store import cached_catalog

    source = _load_source(name)
    found = None if refresh else cached_catalog(source)
    if found is None:
        found = _refresh(source)
    console = _console()
    if table is None:
        out = Table("table", "kind", "columns", "rows", "description")
        for t in found:
            rows = "" if t.row_count is None else str(t.row_count)
            out.add_row(t.qualified_name, t.kind, str(len(t.columns)), rows, t.description or "")
        console.print(out)
        return
    match = found.resolve(*table.split("."))
    if match is None:
        import difflib

        close = difflib.get_close_matches(table, found.table_names(), n=1)
        hint = f": did you mean {close[0]!r}?" if close else ""
        _fail(f"no table {table!r} in the catalog of {name!r}{hint}")
    out = Table("column", "type", "nullable", "description", title=match.qualified_name)
    for c in match.columns:
        nullable = "" if c.nullable is None else ("yes" if c.nullable else "no")
        out.add_row(c.name, c.type or "", nullable, c.description or "")
    if match.description:
        console.print(match.description, markup=False)
    console.print(out)


@catalog.command("export")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="the JSON file to write (`-`: stdout)",
)
@click.option("--refresh", is_flag=True, help="discover again before exporting")
def catalog_export(name: str, output: str, refresh: bool) -> None:
    """Write the catalog JSON file CI can lint with (no credentials needed)."""
    from cdisql.catalog import save_catalog
    from cdisql.sources.store import cached_catalog

    source = _load_source(name)
    found = None if refresh else cached_catalog(source)
    if found is None:
        found = _refresh(source)
    if output == "-":
        sys.stdout.write(found.to_json())
        sys.stdout.flush()
        _echo(f"wrote {len(found)} table(s) to stdout", err=True)
        return
    try:
        save_catalog(found, output)
    except OSError as error:
        _fail(f"{output}: cannot write: {error.strerror or error}")
    _echo(f"wrote {len(found)} table(s) to {output}")


@catalog.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def catalog_validate(file: str) -> None:
    """Check a catalog JSON file (hand-written or exported) against the catalog format.

    Each problem names its entry (tables[3].columns[1].type: …); exit 1 when there is
    one, 2 when the file cannot be read. `cdisql catalog schema` prints the format as
    a JSON Schema; docs/catalog-format.md documents each field.
    """
    from cdisql.catalog import CatalogError, catalog_problems, read_catalog_json

    try:
        data = json.loads(sys.stdin.read()) if file == "-" else read_catalog_json(file)
    except CatalogError as error:
        _fail(str(error))
    except json.JSONDecodeError as error:
        _fail(f"-:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    problems = catalog_problems(data)
    for problem in problems:
        _echo(f"{file}: {problem}", err=True)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        _echo(f"{file}: {len(problems)} {noun}: not a valid catalog", err=True)
        sys.exit(1)
    tables = data["tables"]
    columns = sum(len(t.get("columns") or ()) for t in tables)
    _echo(f"{file}: valid catalog ({len(tables)} table(s), {columns} column(s))")


@catalog.command("schema")
def catalog_schema_cmd() -> None:
    """Print the catalog format as a JSON Schema (for editors and other tools)."""
    from cdisql.catalog import catalog_schema

    _echo(json.dumps(catalog_schema(), indent=2))


# -- preview / build ---------------------------------------------------------------------------
def _interruptible(
    work: Callable[[threading.Event], Any], tick: Callable[[], None] | None = None
) -> tuple[Any, StopSignals]:
    """Run ``work(cancel)`` in a thread; Ctrl-C, SIGTERM and SIGHUP set ``cancel`` and wait
    for the cleanup. Returns the result and the signals (``.exit_code(code)``: 128 + signal
    once one was received)."""
    stop = StopSignals()
    cancel = stop.cancel
    box: dict[str, Any] = {}

    done = threading.Event()

    def target() -> None:
        try:
            box["result"] = work(cancel)
        except BaseException as error:  # re-raised in the main thread
            box["error"] = error
        finally:
            done.set()

    thread = threading.Thread(target=target, name="cdisql-work", daemon=True)
    with stop:
        thread.start()
        # wait on an Event, not Thread.join: a join interrupted by a signal may report a
        # live thread dead; Event.wait returns as soon as the work is done
        while not done.is_set():
            try:
                done.wait(0.1)
                if tick is not None:
                    tick()
            except KeyboardInterrupt:  # SIGINT raised before the handler was in place
                cancel.set()
    if stop.received is not None:
        with contextlib.suppress(OSError):  # SIGHUP: the terminal may be gone
            click.echo(f"stopped by {stop.name}: the work was cancelled and cleaned up", err=True)
    if "error" in box:
        raise box["error"]
    return box["result"], stop


def _progress_console(as_json: bool) -> Any:
    """The stderr console for progress bars, or None when stderr is not a terminal."""
    return _console(stderr=True) if not as_json and sys.stderr.isatty() else None


def _with_phases(
    as_json: bool,
    title: str,
    work: Callable[[threading.Event, dict[str, Any]], Any],
    *,
    plain: Callable[[str], None] | None = None,
) -> tuple[Any, StopSignals]:
    """``work(cancel, phases)`` under stop-signal handling (:func:`_interruptible`), ``phases`` being the run's
    ``on_warmup``/``on_progress``/``on_message`` callbacks drawn by a :class:`_PhaseDisplay`
    on a terminal (``plain`` prints the messages otherwise)."""
    console = _progress_console(as_json)
    with _PhaseDisplay(console, title) as display:
        phases = {
            "on_warmup": display.warmup,
            "on_progress": display.query,
            "on_message": _say_progress(console) if console is not None else plain,
        }
        return _interruptible(lambda cancel: work(cancel, phases), display.tick)


class _PhaseDisplay:
    """A transient progress bar on stderr (a terminal only) for a run's two phases: the
    warm-up (connecting, a warehouse starting; its own bound) then the query under its
    cap. ``warmup``/``query`` are the run's phase callbacks, ``tick`` redraws."""

    def __init__(self, console: Any, title: str) -> None:
        self.console, self.title = console, title
        self.state: dict[str, Any] = {"phase": "connecting", "elapsed": 0.0, "limit": 0.0}
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _PhaseDisplay:
        if self.console is not None:
            from rich.progress import BarColumn, Progress, TextColumn

            self.bar = Progress(
                # the names go in as fields: a `{` or `[` in a file name is neither format nor markup
                TextColumn("{task.fields[what]}: {task.fields[phase]}", markup=False),
                BarColumn(),
                TextColumn("{task.fields[elapsed]:.1f}s / {task.fields[limit]}", markup=False),
                console=self.console,
                transient=True,
            )
            what = printable(self.title, None)
            self.task = self.bar.add_task(
                "run", total=1, phase="connecting", elapsed=0, limit="", what=what
            )
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def warmup(self, elapsed: float, limit: float) -> None:
        self.state.update(phase="connecting / warming up", elapsed=elapsed, limit=limit)

    def query(self, elapsed: float, limit: float) -> None:
        self.state.update(phase="running", elapsed=elapsed, limit=limit)

    def tick(self) -> None:
        if self.bar is not None:
            state = self.state
            self.bar.update(
                self.task,
                total=state["limit"] or 1,
                completed=state["elapsed"],
                phase=state["phase"],
                elapsed=state["elapsed"],
                limit=f"{state['limit']:g}s",
            )


@click.command()
@click.argument("file")
@click.option("--source", "source_name", help="the source to run on (default: the settings file's)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def preview(file: str, source_name: str | None, as_json: bool) -> None:
    """Show at most 100 rows of a segment (stopped after 60 s)."""
    from cdisql.sources.preview import run_preview
    from cdisql.sources.store import cached_catalog

    text, name = _read_segment(file)
    source = _segment_source(source_name, file)
    source_name = source.name
    result, stop = _with_phases(
        as_json,
        f"previewing {name} on {source_name}",
        lambda cancel, phases: run_preview(
            source, text, cancel=cancel, catalog=cached_catalog(source), **phases
        ),
    )
    if result.status == "refused":
        _print_diagnostics(name, text, result.diagnostics)
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2))
    elif result.status == "ok":
        from rich.table import Table

        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*("NULL" if v is None else str(v) for v in row))
        console = _console()
        console.print(f"{name} on {source_name}:")  # a title would wrap to the table's width
        console.print(table)
        console.print(result.summary(), markup=False)
    else:
        _echo(result.summary(), err=True)
    sys.exit(stop.exit_code(exit_code_of(result)))


@click.command()
@click.argument("file")
@click.option("--source", "source_name", help="an active source (default: the settings file's)")
@click.option("--max-runtime", help="a shorter cap than the source's (e.g. 90s, 15m)")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    callback=output_path,
    help="write the ids to this CSV file",
)
@click.option("--json", "as_json", is_flag=True, help="print the result as JSON")
def build(
    file: str,
    source_name: str | None,
    max_runtime: str | None,
    output: Path | None,
    as_json: bool,
) -> None:
    """Build a segment: count its distinct external_user_id under the max runtime."""
    from cdisql.sources.build import effective_max_runtime, run_build
    from cdisql.sources.store import cached_catalog

    text, name = _read_segment(file)
    source = _segment_source(source_name, file)
    source_name = source.name
    try:
        limit = effective_max_runtime(source, max_runtime)
    except ValueError as error:
        _fail(str(error))
    if max_runtime is not None and MaxRuntime.parse(max_runtime).seconds > limit.seconds:
        _echo(
            f"note: --max-runtime {max_runtime} is capped at the source's maximum runtime of "
            f"{limit}",
            err=True,
        )
    result, stop = _with_phases(
        as_json,
        f"building {name} on {source_name}",
        lambda cancel, phases: run_build(
            source,
            text,
            segment=name,
            max_runtime=limit,
            output=output,
            cancel=cancel,
            catalog=cached_catalog(source),
            **phases,
        ),
        plain=_say_plain,
    )
    if result.status == "refused":
        _print_diagnostics(name, text, result.diagnostics)
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2))
    else:
        _echo(result.summary(), err=result.status != "ok")
    sys.exit(stop.exit_code(exit_code_of(result)))


# -- builds ---------------------------------------------------------------------------------
@click.group(cls=SuggestingGroup, invoke_without_command=True)
@click.option("--source", "source_name", help="only builds on this source")
@click.option("--segment", type=click.Path(dir_okay=False), help="only builds of this segment")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.pass_context
def builds(ctx: click.Context, source_name: str | None, segment: str | None, as_json: bool) -> None:
    """Build history; `cdisql builds diff` shows who entered and left a segment."""
    if ctx.invoked_subcommand is not None:
        return
    from dataclasses import asdict

    records = _builds_of(source_name, segment)
    if as_json:
        _echo(json.dumps([asdict(r) for r in records], indent=2))
        return
    if not records:
        of = " of this segment" if segment else ""
        on = f" on source {source_name!r}" if source_name else ""
        _echo(f"no builds recorded yet{of}{on}: run `cdisql build FILE --source NAME`")
        return
    from rich.table import Table

    table = Table("build", "time", "source", "segment", "status", "members", "duration")
    for r in records:
        members = "" if r.members is None else str(r.members)
        table.add_row(
            r.build_id, r.time, r.source, r.segment, r.status, members, f"{r.duration_s:.2f}s"
        )
    _console().print(table)


def _builds_of(source_name: str | None, segment: str | None) -> list[Any]:
    """The recorded builds, of one source and segment if given. A source that is neither
    configured nor in the history is a mistyped name: say so (a removed source's builds
    are kept and still listed)."""
    from cdisql.sources.history import list_builds

    records = list_builds(source=source_name, segment_hash=_segment_hash(segment))
    if source_name is not None and not records:
        _load_source(source_name)  # fails with "no source named …: did you mean …?"
    return records


def _segment_hash(segment: str | None) -> str | None:
    if segment is None:
        return None
    from cdisql.sources.history import segment_hash

    text, _ = _read_segment(segment)
    return segment_hash(text)


@builds.command("diff")
@click.argument("build_id", required=False)
@click.option("--source", "source_name", help="the source of the segment's builds")
@click.option("--segment", type=click.Path(dir_okay=False), help="the segment file")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="ids shown per side (0: all)",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def builds_diff(
    build_id: str | None, source_name: str | None, segment: str | None, limit: int, as_json: bool
) -> None:
    """Ids that entered and left since the previous build of the same segment."""
    from cdisql.sources.history import find_build, membership_diff

    records = _builds_of(source_name, segment)
    if build_id is not None:
        record = find_build(build_id, records)
        if record is None:
            _fail(f"no build {build_id!r}: `cdisql builds` lists them with their ids")
    else:
        ok = [r for r in records if r.status == "ok" and r.has_ids]
        record = ok[-1] if ok else None
    if record is None:
        _fail("no matching successful build: run `cdisql build FILE --source NAME` first")
    diff = membership_diff(record)
    if as_json:
        _echo(
            json.dumps(
                {
                    "build": record.build_id,
                    "previous": diff.previous.build_id if diff.previous else None,
                    "entered": list(diff.entered),
                    "left": list(diff.left),
                },
                indent=2,
            )
        )
        return
    _echo(diff.summary())
    if diff.previous is None:
        return
    for word, ids in (("+", diff.entered), ("-", diff.left)):
        shown = ids if limit <= 0 else ids[:limit]
        for value in shown:
            _echo(f"{word} {value}")
        if len(shown) < len(ids):
            _echo(f"{word} … {len(ids) - len(shown)} more")


@builds.command("sweep")
@click.option("--source", "source_name", required=True, help="the source whose schema to sweep")
@click.option(
    "--older-than",
    default="2h",
    show_default=True,
    help="drop build tables created longer ago than this (at least the source's max runtime)",
)
@click.option("--dry-run", is_flag=True, help="list what would be dropped, drop nothing")
@click.option("--json", "as_json", is_flag=True, help="print the sweep's report as JSON")
def builds_sweep(source_name: str, older_than: str, dry_run: bool, as_json: bool) -> None:
    """Drop build tables (cdisql_segment_<time>_<hex>) left behind in the source's schema.

    Only tables named exactly like a build's are considered; those younger than
    --older-than are kept, as a build may still be using them.
    """
    from cdisql.sources.base import WarehouseError
    from cdisql.sources.model import parse_duration
    from cdisql.sources.sweep import sweep_build_tables

    source = _load_source(source_name)
    seconds = parse_duration(older_than)
    if seconds is None:
        _fail(f"invalid --older-than {older_than!r}: write a duration such as 90m, 2h or 1d")
    if seconds < source.max_runtime.seconds:
        _fail(
            f"--older-than {older_than} is shorter than the max runtime of {source_name!r} "
            f"({source.max_runtime}): a build running now could lose its table; "
            f"use --older-than {source.max_runtime} or more"
        )
    try:
        report = sweep_build_tables(source, older_than_s=seconds, dry_run=dry_run)
    except WarehouseError as error:
        _fail(f"cannot sweep {source_name!r}: {error}", EXIT_WAREHOUSE)
    if as_json:
        _echo(json.dumps(report.to_json(), indent=2))
    else:
        where = f"{source.warehouse.schema_word} {source.schema} of {source_name!r}"
        verb = "would drop" if dry_run else "dropped"
        failed = dict(report.failed)
        for table in report.old:
            if table.name in failed:
                _echo(f"  could not drop {table.name}: {failed[table.name]}", err=True)
            else:
                _echo(f"  {verb} {table.name} (created {table.created:%Y-%m-%dT%H:%M:%SZ})")
        if report.young:
            _echo(f"  kept {len(report.young)} build table(s) younger than {older_than}")
        count = len(report.old) if dry_run else len(report.dropped)
        _echo(f"{verb} {count} old build table(s) in the {where}")
    sys.exit(0 if report.ok else EXIT_WAREHOUSE)


def _catalog_diff() -> None:
    from cdisql.cli.drift_cmd import catalog_diff

    catalog.add_command(catalog_diff)


_catalog_diff()
