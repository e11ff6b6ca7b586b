"""Fictional parties for the outside documents: names, valid CVRs, Danish postcodes, `.example` mail.

Everything is drawn from one `random.Random`, so a seed gives the same documents again.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from stdnum.dk import cvr as stdnum_cvr

POSTCODES = Path(__file__).resolve().parents[2] / "parsers" / "data" / "postcodes_dk.tsv"

FIRST = ["Anne", "Bjarke", "Cecilie", "Dorthe", "Emil", "Frederikke", "Gustav", "Hanne", "Ida", "Jens",
         "Karoline", "Lasse", "Mette", "Nikolaj", "Oliver", "Pernille", "Rasmus", "Sofie", "Torben",
         "Ulla", "Viggo", "Åse", "Søren", "Birthe", "Jørgen", "Mads", "Lærke", "Kasper", "Signe", "Asger"]
LAST = ["Abildgaard", "Bech", "Christoffersen", "Dalgas", "Eskildsen", "Frost", "Gram", "Hjort", "Iversen",
        "Juhl", "Kragh", "Lykke", "Mørch", "Nørgaard", "Overgaard", "Pape", "Riis", "Skovbo", "Thrane",
        "Uldall", "Vestergaard", "Winther", "Østergaard", "Aagaard", "Bødker", "Krøyer", "Fynbo", "Lindhardt"]
FOREIGN_FIRST = ["Ingrid", "Lars-Erik", "Malin", "Jonas", "Katrin", "Henrik", "Sigrid", "Matthias"]
FOREIGN_LAST = ["Lindqvist", "Bergström", "Haugen", "Schneider", "Vogel", "Nyberg", "Solberg", "Krüger"]
TOWNS = ["Birkelund", "Egelev", "Hvidmose", "Kragsø", "Lindholt", "Mosede Strand", "Nørreå", "Rønnebæk",
         "Skovlund", "Tornby", "Vester Lyng", "Ålund", "Bøgeskov", "Fjeldså", "Havrum"]
STREETS = ["Bakkevej", "Engtoften", "Gammel Kongevej", "Hospitalsvej", "Industrivænget", "Kirkestræde",
           "Lupinvej", "Møllebakken", "Nørregade", "Præstevænget", "Rådhustorvet", "Sygehusvej", "Tværgade",
           "Åboulevarden", "Søndre Ringvej", "Ved Kæret"]
JOB_TITLES = {"da": ["Kommunaldirektør", "Direktør", "Administrerende direktør", "IT-chef", "Vicedirektør",
                     "Praksisindehaver", "Apoteker", "Laboratoriechef", "Digitaliseringschef", "Hospitalsdirektør"],
              "en": ["Chief Executive Officer", "Managing Director", "Head of IT", "Chief Operating Officer",
                     "Director", "Chief Information Officer"]}
PROVIDERS = ["Novax", "XMO", "Multimed", "Medisys Nord ApS", "Clinea Data", "Journalhuset A/S"]


def _ascii(s: str) -> str:
    s = s.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace(" ", "-")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isascii() and (c.isalnum() or c in "-."))


def postcodes() -> list[tuple[str, str]]:
    """(postcode, official town) from the project's DAWA list; street-address postcodes only (>= 1000)."""
    out = []
    for line in POSTCODES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        code, town = line.split("\t", 1)
        if code >= "1000" and not town.startswith("Ufrankeret"):
            out.append((code, town.strip()))
    return out


def valid_cvr(rng: random.Random) -> str:
    """Eight digits whose modulus-11 check holds (stdnum.dk.cvr decides), never MedCom's."""
    while True:
        digits = str(rng.randint(10000000, 99999999))
        if stdnum_cvr.is_valid(digits) and digits != "26919991":
            return digits


@dataclass
class Person:
    name: str
    email: str
    phone: str  # E.164
    local_phone: str  # as a clerk writes it


@dataclass
class Address:
    street: str
    postcode: str
    city: str


@dataclass
class Party:
    """One organisation that joins SDN, with everything a form or agreement may say about it."""

    organisation: str
    cvr: str
    party_type: str
    domain: str
    foreign_reg: str | None
    connected_via: str | None
    org_contact: Person
    technical: list[Person]
    ip_scopes: list[str]
    installation: Address
    office: Address
    signatory: Person
    signatory_title: str
    signature_date: date
    language: str


KINDS: list[tuple[str, list[str]]] = [
    ("municipality", ["{t} Kommune"]),
    ("region", ["Region {t}"]),
    ("public_hospital", ["{t} Sygehus", "Hospitalsenheden {t}"]),
    ("private_hospital", ["Privathospitalet {t} A/S", "Klinik {t} ApS"]),
    ("practitioner", ["Lægehuset {t}", "Tandlægerne i {t} I/S", "Fysioterapi {t}"]),
    ("pharmacy", ["{t} Apotek"]),
    ("laboratory", ["{t} Laboratorium ApS"]),
    ("it_supplier", ["{t} Data A/S", "{t} Software ApS"]),
    ("foreign", ["{t} Health AB, filial af svensk selskab", "{t} Medical GmbH, dansk filial", "{t} Helse AS, NUF"]),
]
FOREIGN_REG = ["Org.nr. 556{a}-{b}", "HRB {c} (Amtsgericht Hamburg)", "Org.nr. 9{d}"]


def _phone(rng: random.Random) -> tuple[str, str]:
    digits = str(rng.choice([2, 3, 4, 5, 6, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    style = rng.randrange(4)
    local = {0: digits, 1: " ".join(digits[i:i + 2] for i in range(0, 8, 2)),
             2: "+45 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2)), 3: f"{digits[:4]} {digits[4:]}"}[style]
    return "+45" + digits, local


def person(rng: random.Random, domain: str, foreign: bool = False) -> Person:
    first = rng.choice(FOREIGN_FIRST if foreign else FIRST)
    last = rng.choice(FOREIGN_LAST if foreign else LAST)
    mail_style = rng.randrange(3)
    local = {0: f"{_ascii(first)}.{_ascii(last)}", 1: f"{_ascii(first)[:2]}{_ascii(last)[:2]}",
             2: _ascii(first)}[mail_style]
    e164, written = _phone(rng)
    return Person(f"{first} {last}", f"{local}@{domain}", e164, written)


def network(rng: random.Random, taken: set[str]) -> str:
    while True:
        kind = rng.randrange(3)
        if kind == 0:
            net = f"10.{rng.randint(1, 254)}.{rng.randint(0, 255)}.0/{rng.choice([24, 25, 26])}"
            if net.endswith("/25"):
                net = net.replace(".0/25", f".{rng.choice([0, 128])}/25")
            if net.endswith("/26"):
                net = net.replace(".0/26", f".{rng.choice([0, 64, 128, 192])}/26")
        elif kind == 1:
            net = f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.0/24"
        else:
            net = f"192.168.{rng.randint(0, 255)}.{rng.choice([0, 32, 64])}/27"
        if net not in taken:
            taken.add(net)
            return net


def party(rng: random.Random, party_type: str | None = None, language: str | None = None) -> Party:
    """A random party; `party_type` and `language` fix those draws."""
    codes = postcodes()
    kinds = dict(KINDS)
    ptype = party_type or rng.choice([k for k in kinds if k != "foreign"])
    town = rng.choice(TOWNS)
    org = rng.choice(kinds[ptype]).format(t=town)
    domain = _ascii(town) + rng.choice(["", "-sundhed", "-it"]) + ".example"
    foreign = ptype == "foreign"
    lang = language or ("en" if foreign and rng.random() < 0.7 else rng.choice(["da", "da", "en"]))
    reg = None
    if foreign:
        reg = rng.choice(FOREIGN_REG).format(a=rng.randint(100, 999), b=rng.randint(1000, 9999),
                                             c=rng.randint(10000, 199999), d=rng.randint(10000000, 99999999))
    via: str | None
    roll = rng.random()
    via = None if roll < 0.45 else ("KMD" if roll < 0.75 or ptype == "municipality" else rng.choice(PROVIDERS))
    taken: set[str] = set()
    scopes = [network(rng, taken) for _ in range(rng.choice([1, 1, 2, 3]))]
    pc, city = rng.choice(codes)
    pc2, city2 = rng.choice(codes)
    techs = [person(rng, domain, foreign) for _ in range(rng.choice([1, 2, 2, 3]))]
    sign_date = date(2026, 10, 1) + timedelta(days=rng.randint(0, 60))
    return Party(
        organisation=org, cvr=valid_cvr(rng), party_type=ptype, domain=domain, foreign_reg=reg,
        connected_via=via, org_contact=person(rng, domain, foreign), technical=techs, ip_scopes=scopes,
        installation=Address(f"{rng.choice(STREETS)} {rng.randint(1, 140)}", pc, city),
        office=Address(f"{rng.choice(STREETS)} {rng.randint(1, 140)}", pc2, city2),
        signatory=person(rng, domain, foreign), signatory_title=rng.choice(JOB_TITLES[lang]),
        signature_date=sign_date, language=lang)
