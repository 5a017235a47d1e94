"""A test certificate authority and a sealing key made for each run with `cryptography`: no key
is ever committed. The PKCS#12 file holds the key, its certificate and the CA's. RSA keys: an
ECDSA seal on P-256 makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-2 does not allow."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "seal password 1453"


@dataclass(frozen=True)
class SealAuthority:
    ca_pem: Path
    pkcs12: Path
    password: str
    #: Another CA that issued nothing here (a seal is not valid against it).
    stranger_pem: Path
    #: A timestamping authority's certificate and key (DER, PKCS#8), issued by the CA.
    tsa_cert_der: bytes
    tsa_key_der: bytes


def _key_usage(**allowed: bool) -> x509.KeyUsage:
    usages = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment")
    usages += ("key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{usage: allowed.get(usage, False) for usage in usages})


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CICA Secretariat (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _authority(common_name: str, now: dt.datetime) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def make_test_ca(folder: Path) -> SealAuthority:
    now = dt.datetime.now(dt.UTC)
    ca_key, ca_cert = _authority("Verbale Test Root CA", now)
    _stranger_key, stranger = _authority("Somebody Else's CA", now)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("CICA Secretariat Seal (test)"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("Verbale Test TSA"))
        .issuer_name(ca_cert.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    ca_pem = folder / "test-ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    stranger_pem = folder / "stranger-ca.pem"
    stranger_pem.write_bytes(stranger.public_bytes(serialization.Encoding.PEM))
    bundle = folder / "seal.p12"
    bundle.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"CICA seal (test)",
            key,
            certificate,
            [ca_cert],
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    )
    return SealAuthority(
        ca_pem,
        bundle,
        PASSWORD,
        stranger_pem,
        tsa.public_bytes(serialization.Encoding.DER),
        tsa_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def write_profile(config_dir: Path, ca: SealAuthority, *, visible: bool = True) -> None:
    """The installation's own sender profile: its seal (the shipped profile names none)."""
    folder = config_dir / "senders"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cica-secretariat.toml").write_text(
        "[seal]\n"
        f'pkcs12 = "{ca.pkcs12}"\n'
        f"visible = {'true' if visible else 'false'}\n"
        f'trust = ["{ca.ca_pem.name}"]\n'
    )
    shutil.copyfile(ca.ca_pem, folder / ca.ca_pem.name)
