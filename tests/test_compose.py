"""docker-compose.yml, checked without a Docker engine (none runs here): it parses, every image
tag is pinned, the Prefect image matches the installed prefect, the services the issue names are
there, and every host path it mounts exists in the repository. `docker compose config` is run
too where the client exists."""

from __future__ import annotations

import shutil
import subprocess

import prefect
import pytest
import yaml

from tests.conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_the_stack_has_its_services(compose):
    assert {"postgres", "prefect", "pipeline", "superset"} <= set(compose["services"])
    assert "eventwire serve" in " ".join(compose["services"]["pipeline"]["command"])


def test_the_nightly_run_sends_its_nlp_to_a_dask_cluster_of_the_pipelines_own_install(compose):
    services = compose["services"]
    pipeline = services["pipeline"]
    scheduler = "tcp://dask-scheduler:8786"
    assert f"--cluster {scheduler}" in " ".join(pipeline["command"])
    assert pipeline["environment"]["EVENTWIRE_DASK_ADDRESS"] == scheduler
    assert "dask scheduler --port 8786" in " ".join(services["dask-scheduler"]["command"])
    workers = [name for name in services if name.startswith("dask-worker")]
    assert len(workers) == 2
    install = pipeline["command"][-1].split("&& eventwire")[0]
    for name in workers:
        worker = services[name]
        assert worker["image"] == pipeline["image"]
        command = worker["command"][-1]
        assert command.startswith(install) and f"dask worker {scheduler}" in command, name
        assert "./:/app" in worker["volumes"]  # the same code and seeds: the same extractor version
    pins = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"dask>=' in pins and '"distributed>=' in pins and '"prefect-dask>=' in pins


def test_every_image_tag_is_pinned(compose):
    for name, service in compose["services"].items():
        image = service["image"]
        repo, _, tag = image.rpartition(":")
        assert repo and tag and tag != "latest" and any(ch.isdigit() for ch in tag), f"{name}: {image}"
    prefect_tag = compose["services"]["prefect"]["image"].rpartition(":")[2]
    assert prefect_tag.startswith(prefect.__version__ + "-"), (prefect_tag, prefect.__version__)


def test_every_mounted_path_exists(compose):
    named = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            host = volume.split(":", 1)[0]
            if host in named:
                continue
            assert (ROOT / host).exists(), f"{name} mounts {host}, which is not in the repository"
    assert (ROOT / "deploy" / "sources.toml").exists()


def _has_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _has_compose(), reason="no docker compose client on this machine")
def test_docker_compose_config_accepts_it():
    result = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
