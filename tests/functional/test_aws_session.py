"""The store's boto3 session: botocore's loader answers "is this a service?" from the name's own
folder, and still knows every service and refuses every unknown name as botocore does."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import botocore.session
import pytest
from botocore.exceptions import UnknownServiceError
from botocore.loaders import Loader
from moto import mock_aws

from skill.store.aws_session import LazyListingLoader, ServiceNames, default_session
from skill.store.dynamodb import create_table, make_client


@pytest.fixture
def no_default_session(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    yield


def test_membership_agrees_with_botocores_full_list() -> None:
    full = Loader().list_available_services("service-2")
    names = LazyListingLoader().list_available_services("service-2")
    assert isinstance(names, ServiceNames)
    for name in ("dynamodb", "s3", "sts", "lambda", full[0], full[-1]):
        assert name in names
    for name in ("dynamo", "", "..", "../botocore", "dynamodb/2012-08-10", "nope", 42):
        assert name not in names
    # Read whole, it is botocore's list, item for item.
    assert list(names) == full
    assert len(names) == len(full)
    assert names[0] == full[0]


def test_membership_does_not_list_every_service(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    listing = Loader.list_available_services

    def counting(self: Loader, type_name: str) -> list[str]:
        calls.append(type_name)
        return listing(self, type_name)

    monkeypatch.setattr(Loader, "list_available_services", counting)
    names = LazyListingLoader().list_available_services("service-2")
    assert "dynamodb" in names
    assert calls == []
    assert "dynamodb" in list(names)
    assert calls == ["service-2"]


@pytest.mark.usefixtures("no_default_session")
def test_default_session_uses_the_lazy_loader_and_keeps_one_set_by_others() -> None:
    session = default_session()
    assert boto3.DEFAULT_SESSION is session
    assert isinstance(session._session.get_component("data_loader"), LazyListingLoader)
    assert default_session() is session

    theirs = boto3.Session(botocore_session=botocore.session.get_session())
    boto3.DEFAULT_SESSION = theirs
    assert default_session() is theirs


@pytest.mark.usefixtures("no_default_session")
def test_other_services_and_unknown_names_behave_as_in_botocore() -> None:
    session = default_session()
    assert session.client("sts", region_name="us-east-1").meta.service_model.service_name == "sts"
    with pytest.raises(UnknownServiceError) as refused:
        session.client("dynamodbb", region_name="us-east-1")
    assert "dynamodb" in str(refused.value)  # the message lists what exists, as botocore's does
    assert "s3" in session.get_available_services()


def test_the_stores_client_works_on_moto() -> None:
    with mock_aws():
        client = make_client(region="us-east-1")
        create_table(client, "t")
        client.put_item(TableName="t", Item={"pk": {"S": "a"}, "sk": {"S": "b"}})
        got = client.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"S": "b"}})
        assert got["Item"]["pk"] == {"S": "a"}
        loader = boto3.DEFAULT_SESSION._session.get_component("data_loader")  # type: ignore[union-attr]
        assert isinstance(loader, LazyListingLoader)
