"""boto3's default session, with a data loader that does not list every AWS service at start.

Before botocore loads a service's model it checks the name against the list of every service it
ships, and it builds that list by walking each service's folder: about 900 directory listings,
60 ms of a 400 ms Lambda cold start on the bench machine (``bench/cold_start.py``), to confirm
that ``dynamodb`` exists. Asking about one name needs only that name's folder. The loader here
answers membership that way and lists everything only when the whole list is read (botocore's
``UnknownServiceError`` message, ``Session.get_available_services``), so every service still
loads and every unknown name still fails exactly as before.

It is installed through boto3's public seams: ``setup_default_session(botocore_session=...)``
and botocore's ``register_component("data_loader", ...)``, the component botocore looks the
loader up by. A default session set by someone else is used as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

import boto3
import botocore.session
from botocore.exceptions import DataNotFoundError
from botocore.loaders import Loader

if TYPE_CHECKING:
    from botocore.config import Config
    from mypy_boto3_dynamodb.client import DynamoDBClient


class ServiceNames(Sequence[str]):
    """The services a loader knows for one model type: membership by the name's own folder, the
    full (sorted) list built only when it is read."""

    def __init__(self, loader: Loader, type_name: str) -> None:
        self._loader = loader
        self._type_name = type_name
        self._listed: list[str] | None = None

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or not name or os.sep in name or name.startswith("."):
            return False
        try:
            return bool(self._loader.list_api_versions(name, self._type_name))
        except DataNotFoundError:
            return False

    def _all(self) -> list[str]:
        if self._listed is None:
            self._listed = Loader.list_available_services(self._loader, self._type_name)
        return self._listed

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


class LazyListingLoader(Loader):
    """botocore's loader, whose list of services is a ``ServiceNames``."""

    def list_available_services(self, type_name: str) -> ServiceNames:  # type: ignore[override]
        return ServiceNames(self, type_name)


def default_session() -> boto3.Session:
    """boto3's default session (what ``boto3.client`` uses), created with the lazy loader when
    there is none yet. moto resets the default session in each mock, and this follows it."""
    if boto3.DEFAULT_SESSION is None:
        core = botocore.session.get_session()
        paths = core.get_config_variable("data_path")  # AWS_DATA_PATH, as botocore reads it
        extra = paths.split(os.pathsep) if paths else []
        search = [os.path.expanduser(os.path.expandvars(path)) for path in extra]
        core.register_component("data_loader", LazyListingLoader(extra_search_paths=search))
        boto3.setup_default_session(botocore_session=core)
    assert boto3.DEFAULT_SESSION is not None
    return boto3.DEFAULT_SESSION


def dynamodb_client(region: str | None, endpoint_url: str | None, config: Config) -> DynamoDBClient:
    return default_session().client(
        "dynamodb", region_name=region, endpoint_url=endpoint_url, config=config
    )
