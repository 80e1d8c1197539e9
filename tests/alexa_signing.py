"""Playing Alexa's signing side in tests, with no network: a root CA, an intermediate and an
``echo-api.amazon.com`` leaf made here, a fetch that serves their PEM chain, and request bodies
signed the way Alexa signs them (SHA-256, RSA PKCS#1 v1.5, base64 in ``Signature-256``)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.web.verify import CERT_URL_HEADER, SIGNATURE_HEADER, SIGNING_NAME
from tests.factories import T0

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
VALID_FROM = T0 - timedelta(days=30)
VALID_UNTIL = T0 + timedelta(days=60)


@cache
def rsa_key(label: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per label for the whole run (key generation is the slow part)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def ca_certificate(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: tuple[str, rsa.RSAPrivateKey] | None = None,
    *,
    not_before: datetime = VALID_FROM - timedelta(days=365),
    not_after: datetime = VALID_UNTIL + timedelta(days=365),
) -> x509.Certificate:
    """A CA certificate as the web PKI profile wants one; self-signed without ``issuer``."""
    issuer_name, issuer_key = issuer or (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def leaf_certificate(
    key: rsa.RSAPrivateKey,
    issuer: tuple[str, rsa.RSAPrivateKey],
    *,
    dns_names: Sequence[str] = (SIGNING_NAME,),
    common_name: str = SIGNING_NAME,
    not_before: datetime = VALID_FROM,
    not_after: datetime = VALID_UNTIL,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns_names]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


@dataclass
class PKI:
    """A trusted root, an intermediate under it, and a leaf for echo-api.amazon.com."""

    root: x509.Certificate
    intermediate: x509.Certificate
    leaf: x509.Certificate
    leaf_key: rsa.RSAPrivateKey
    intermediate_name: str = "Test Alexa Intermediate"

    @property
    def issuer(self) -> tuple[str, rsa.RSAPrivateKey]:
        """Who issues leaves: the intermediate."""
        return self.intermediate_name, rsa_key("intermediate")

    def chain(self, leaf: x509.Certificate | None = None) -> bytes:
        """The PEM chain as Amazon serves it: leaf first, then the intermediate."""
        return pem(leaf or self.leaf, self.intermediate)

    def new_leaf(self, **options: Any) -> x509.Certificate:
        """Another leaf for the same key (``leaf_certificate`` options: names, validity)."""
        return leaf_certificate(self.leaf_key, self.issuer, **options)


@cache
def make_pki() -> PKI:
    root_key, intermediate_key = rsa_key("root"), rsa_key("intermediate")
    root = ca_certificate("Test Alexa Root", root_key)
    intermediate_name = "Test Alexa Intermediate"
    intermediate = ca_certificate(
        intermediate_name, intermediate_key, ("Test Alexa Root", root_key)
    )
    leaf_key = rsa_key("leaf")
    leaf = leaf_certificate(leaf_key, (intermediate_name, intermediate_key))
    return PKI(root, intermediate, leaf, leaf_key, intermediate_name)


def sign(body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
    """The ``Signature-256`` header value for ``body``."""
    signer = key or make_pki().leaf_key
    return base64.b64encode(signer.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def body_of(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def signed_headers(body: bytes, cert_url: str = CERT_URL) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        CERT_URL_HEADER: cert_url,
        SIGNATURE_HEADER: sign(body),
    }


@dataclass
class FakeFetch:
    """Serves PEM chains by URL and records every fetch; an unknown URL fails like a 404."""

    chains: dict[str, bytes] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.chains:
            raise OSError(f"404 for {url}")
        return self.chains[url]
