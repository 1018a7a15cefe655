"""Follow CI commands into containers: compose services, `docker run` of an image built earlier, `docker build` RUN steps (pure)."""

from __future__ import annotations

import posixpath
from typing import Callable

from checks.support import runner_configs as cfg
from checks.support.ci_shell import Context, Trace, resolve, segments, strip, words as split_words
from readiness.facts.docker import parse_dockerfile

Follow = Callable[..., "Trace | None"]
DOCKER_VALUE_OPTIONS = frozenset({"-e", "--env", "-v", "--volume", "-w", "--workdir", "--name", "--network", "--net", "-p", "--publish", "--entrypoint",
                                  "--env-file", "-u", "--user", "--gpus", "--shm-size", "--platform", "--mount", "-f", "--file", "--project-name",
                                  "--profile", "-l", "--label", "--cpus", "-m", "--memory", "--add-host", "--pull", "--ulimit", "-h", "--hostname"})

COMPOSE_GLOBAL = frozenset({"-f", "--file", "-p", "--project-name", "--profile", "--env-file"})


def docker(follow: Follow, ctx: Context, words: list[str], cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """`docker compose run|up|exec`, `docker run IMAGE [cmd]` and `docker build`: the command that runs inside."""
    compose = words[0].endswith("compose") or words[1:2] == ["compose"]
    rest = words[2:] if words[1:2] == ["compose"] else words[1:]
    compose_files: list[str] = []
    if compose:
        compose_files = [w2 for w1, w2 in zip(words, words[1:]) if w1 in ("-f", "--file")]
        rest = [w for i, w in enumerate(rest) if not (w in COMPOSE_GLOBAL or (i and rest[i - 1] in COMPOSE_GLOBAL))]
    if not rest:
        return None
    action, args = rest[0], rest[1:]
    plain = positional(args)
    if compose and action in ("run", "exec") and plain:
        service, command = plain[0], plain[1:]
        if command:
            trace = follow(ctx, " ".join(command), cwd, depth + 1, seen)
            return trace.via(f"in compose service {service}") if trace else None
        return _service(follow, ctx, compose_files, service, cwd, depth, seen) if action == "run" else None
    if compose and action == "up":
        exit_from = next((w.split("=", 1)[1] for w in args if w.startswith("--exit-code-from=")), None)
        exit_from = exit_from or next((args[i + 1] for i, w in enumerate(args[:-1]) if w == "--exit-code-from"), None)
        return _service(follow, ctx, compose_files, exit_from, cwd, depth, seen) if exit_from else None
    if not compose and action == "run" and plain:
        image, command = plain[0], plain[1:]
        if command:
            trace = follow(ctx, " ".join(command), cwd, depth + 1, seen)
            return trace.via(f"in container {image}") if trace else None
        built = ctx.images.get(image.split(":", 1)[0])
        return _dockerfile(follow, ctx, built[0], built[1], depth, seen, ("CMD", "ENTRYPOINT")) if built else None
    if not compose and action in ("build", "buildx"):
        args = args[1:] if action == "buildx" else args
        file = next((args[i + 1] for i, w in enumerate(args[:-1]) if w in ("-f", "--file")), None)
        target = next((args[i + 1] for i, w in enumerate(args[:-1]) if w == "--target"), None)
        context = (positional(args) or ["."])[-1]
        path = resolve(ctx, file, cwd) if file else resolve(ctx, posixpath.join(context, "Dockerfile"), cwd)
        return _dockerfile(follow, ctx, path, target, depth, seen, ("RUN",)) if path else None
    return None


def positional(args: list[str]) -> list[str]:
    """Arguments that are not options or option values (docker's value options skipped)."""
    out: list[str] = []
    skip = False
    for word in args:
        if skip:
            skip = False
        elif out:
            out.append(word)
        elif word.startswith("-"):
            skip = word in DOCKER_VALUE_OPTIONS or word in ("--target", "-t", "--tag", "--build-arg")
        else:
            out.append(word)
    return out


def _service(follow: Follow, ctx: Context, files: list[str], service: str, cwd: str, depth: int, seen: frozenset[str]) -> Trace | None:
    """A compose service's own command, or its image's CMD when it declares none."""
    names = files or ["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"]
    for name in names:
        path = resolve(ctx, name, cwd)
        text = ctx.facts.text(path) if path else None
        if text is None:
            continue
        command, context, dockerfile = cfg.compose_service(text, service)
        base = posixpath.dirname(path)
        if command:
            trace = follow(ctx, command, cwd, depth + 1, seen)
            return trace.via(f"{path} service {service} `{command[:60]}`") if trace else None
        if context is not None:
            file = resolve(ctx, posixpath.join(context, dockerfile or "Dockerfile"), base)
            trace = _dockerfile(follow, ctx, file, None, depth, seen, ("CMD", "ENTRYPOINT")) if file else None
            return trace.via(f"{path} service {service}") if trace else None
    return None


def _dockerfile(follow: Follow, ctx: Context, path: str | None, target: str | None, depth: int, seen: frozenset[str], keywords: tuple[str, ...]) -> Trace | None:
    """RUN (a build) or CMD/ENTRYPOINT (a container) instructions of the stage built, and the stages it copies from."""
    text = ctx.facts.text(path) if path else None
    if text is None or path in seen:
        return None
    stages: list[tuple[str, list]] = []
    for ins in parse_dockerfile(text):
        if ins.keyword == "FROM":
            parts = ins.args.split()
            stages.append((parts[-1].lower() if len(parts) >= 3 and parts[-2].lower() == "as" else str(len(stages)), [ins]))
        elif stages:
            stages[-1][1].append(ins)
    by_name = dict(stages)
    wanted = [target.lower()] if target and target.lower() in by_name else [stages[-1][0]] if stages else []
    order: list[str] = []
    while wanted:
        name = wanted.pop()
        if name in order or name not in by_name:
            continue
        order.append(name)
        for ins in by_name[name]:
            words = [w for w in ins.args.split() if not w.startswith("--platform")]
            source = words[0].lower() if ins.keyword == "FROM" and words else next((w.split("=", 1)[1].lower() for w in words if w.startswith("--from=")), None)
            if source:
                wanted.append(source)
    for name in order:
        for ins in by_name[name]:
            if ins.keyword in keywords:
                command = " ".join(ins.words) if ins.args.strip().startswith("[") else ins.args
                trace = follow(ctx, command, posixpath.dirname(path), depth + 1, seen | {path})
                if trace is not None:
                    return trace.via(f"{path}:{ins.line} {ins.keyword} `{command[:60]}`")
    return None


def built_images(ctx: Context, lines: list[tuple[str, str]]) -> None:
    """Record which Dockerfile each `docker build -t TAG` among LINES (command, cwd) builds, for a later `docker run TAG`."""
    for line, cwd in lines:
        for part in segments(line):
            words = strip(split_words(part))
            if len(words) < 3 or words[0] != "docker" or "build" not in words[1:3]:
                continue
            tags = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-t", "--tag")]
            file = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-f", "--file")), None)
            target = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "--target"), None)
            context = (positional(words[2:]) or ["."])[-1]
            path = resolve(ctx, file, cwd) if file else resolve(ctx, posixpath.join(context, "Dockerfile"), cwd)
            for tag in tags:
                if path:
                    ctx.images[tag.split(":", 1)[0]] = (path, target)
