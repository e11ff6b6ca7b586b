"""The words of MedCom's SDN agreements: the blank PDFs the bot sends carry them (`mailbot.blank_forms`
writes those), and the reader compares a received agreement with them (`parsers/documents/templates.py`).

Plain data, in the core so that both may read it and neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Agreement:
    title: str
    subtitle: str
    intro: str
    party_heading: str
    medcom_heading: str
    labels: tuple[str, str, str, str]          # organisation, CVR, address, postcode and city
    clauses: list[tuple[str, str]]
    signatures: str
    sig_labels: tuple[str, str, str, str]      # date, signature, name, title
    annex: list[tuple[str, str]] | None = None


_DA_LABELS = ("Organisation", "CVR-nr.", "Adresse", "Postnr. og by")
_EN_LABELS = ("Organisation", "CVR no.", "Address", "Postcode and city")
_DA_SIG = ("Dato", "Underskrift", "Navn", "Titel")
_EN_SIG = ("Date", "Signature", "Name", "Title")
_DA_SUB = "Sundhedsdatanettet (SDN) – skabelon godkendt af MedComs styregruppe"
_EN_SUB = "Danish Health Data Network (SDN) – template approved by MedCom's steering group"

_DA_ANNEX = [
    ("Bilag 1: Databehandlerinstruks", "Formål: drift af Sundhedsdatanettet (SDN), herunder transport af "
     "sundhedsdata mellem parterne. Behandlingens karakter: netværkstrafik, logning af IP-adresser, tidspunkter "
     "og datamængder. Kategorier af registrerede: patienter, borgere og medarbejdere hos den dataansvarlige. "
     "Opbevaring: netværkslog opbevares i seks måneder og slettes derefter automatisk."),
]
_EN_ANNEX = [
    ("Annex 1: Instructions to the data processor", "Purpose: operation of the Danish Health Data Network "
     "(SDN), including the transport of health data between the parties. Nature of processing: network "
     "traffic, logging of IP addresses, times and data volumes. Data subjects: patients, citizens and staff of "
     "the data controller. Retention: network logs are kept for six months and then deleted automatically."),
]

AGREEMENTS: dict[tuple[str, str], Agreement] = {
    ("connection_agreement", "da"): Agreement(
        "Tilslutningsaftale", _DA_SUB, "Mellem nedenstående parter er indgået følgende aftale:",
        "Parten", "MedCom", _DA_LABELS,
        [("§ 1. Aftalens formål", "Denne aftale fastlægger vilkårene for, at Parten tilsluttes og anvender "
          "Sundhedsdatanettet (SDN), som MedCom driver og koordinerer på vegne af det danske sundhedsvæsen."),
         ("§ 2. Partens forpligtelser", "Parten anvender alene SDN til sundhedsfaglige formål og holder sine "
          "kontaktpersoner og sit IP-scope opdateret. Parten er selv ansvarlig for sit lokale netværk og for den "
          "nødvendige lokale netværkskompetence ved installationen."),
         ("§ 3. Teknisk tilslutning", "Når aftalen er godkendt, sender MedCom et informationsskema. På grundlag "
          "af skemaet bestiller MedCom tilslutningen hos SDN-leverandøren, som aftaler installationsdato med "
          "Parten. SDN-leverandøren deltager alene ved fjernadgang."),
         ("§ 4. Ikrafttræden og opsigelse", "Aftalen træder i kraft, når den er underskrevet af begge parter, og "
          "kan opsiges skriftligt med seks måneders varsel til udgangen af en måned.")],
        "Underskrifter", _DA_SIG),
    ("connection_agreement", "en"): Agreement(
        "Connection Agreement", _EN_SUB, "This agreement is made between the following parties:",
        "The Party", "MedCom", _EN_LABELS,
        [("§ 1. Purpose", "This agreement sets out the terms on which the Party is connected to and uses the "
          "Danish Health Data Network (SDN), which MedCom operates on behalf of the Danish health sector."),
         ("§ 2. Obligations of the Party", "The Party uses SDN for health-care purposes only and keeps its "
          "contact persons and IP scope up to date. The Party is responsible for its local network and for "
          "local network competence during the installation."),
         ("§ 3. Technical connection", "When the agreement is approved, MedCom sends an information form. On "
          "that basis MedCom orders the connection from the SDN provider, who agrees the installation date with "
          "the Party. The SDN provider takes part remotely only."),
         ("§ 4. Term and termination", "The agreement enters into force when signed by both parties and may be "
          "terminated in writing with six months' notice to the end of a month.")],
        "Signatures", _EN_SIG),
    ("data_processor_agreement", "da"): Agreement(
        "Databehandleraftale", _DA_SUB, "Mellem nedenstående parter er indgået følgende aftale:",
        "Den dataansvarlige", "Databehandleren (MedCom)", _DA_LABELS,
        [("§ 1. Baggrund", "Aftalen fastsætter de rettigheder og forpligtelser, der gælder, når MedCom som "
          "databehandler behandler personoplysninger på vegne af den dataansvarlige i forbindelse med SDN."),
         ("§ 2. Instruks", "Databehandleren behandler alene personoplysninger efter dokumenteret instruks fra den "
          "dataansvarlige, jf. Bilag 1."),
         ("§ 3. Sikkerhed", "Databehandleren gennemfører passende tekniske og organisatoriske foranstaltninger "
          "og bistår den dataansvarlige ved brud på persondatasikkerheden."),
         ("§ 4. Underdatabehandlere", "Databehandleren anvender SDN-leverandøren som underdatabehandler, jf. "
          "Bilag 2.")],
        "Underskrifter", _DA_SIG, _DA_ANNEX),
    ("data_processor_agreement", "en"): Agreement(
        "Data Processor Agreement", _EN_SUB, "This agreement is made between the following parties:",
        "The Data Controller", "The Data Processor (MedCom)", _EN_LABELS,
        [("§ 1. Background", "This agreement sets out the rights and obligations that apply when MedCom as "
          "data processor processes personal data on behalf of the data controller in connection with SDN."),
         ("§ 2. Instructions", "The data processor processes personal data only on documented instructions "
          "from the data controller, see Annex 1."),
         ("§ 3. Security", "The data processor implements appropriate technical and organisational measures and "
          "assists the data controller in the event of a personal data breach."),
         ("§ 4. Sub-processors", "The data processor uses the SDN provider as sub-processor, see Annex 2.")],
        "Signatures", _EN_SIG, _EN_ANNEX),
    ("sub_data_processor_agreement", "da"): Agreement(
        "Underdatabehandleraftale", _DA_SUB, "Mellem nedenstående parter er indgået følgende aftale:",
        "Databehandleren", "Underdatabehandleren (MedCom)", _DA_LABELS,
        [("§ 1. Baggrund", "Databehandleren behandler personoplysninger på vegne af sine kunder (de "
          "dataansvarlige) og anvender MedCom som underdatabehandler for transporten over SDN."),
         ("§ 2. Instruks", "Underdatabehandleren behandler alene personoplysninger efter instruks fra "
          "databehandleren, som videregiver de dataansvarliges instrukser."),
         ("§ 3. Sikkerhed", "Underdatabehandleren gennemfører passende tekniske og organisatoriske "
          "foranstaltninger og underretter databehandleren uden unødig forsinkelse ved brud."),
         ("§ 4. Varighed", "Aftalen gælder, så længe databehandleren er tilsluttet SDN.")],
        "Underskrifter", _DA_SIG, _DA_ANNEX),
    ("sub_data_processor_agreement", "en"): Agreement(
        "Sub-data Processor Agreement", _EN_SUB, "This agreement is made between the following parties:",
        "The Data Processor", "The Sub-processor (MedCom)", _EN_LABELS,
        [("§ 1. Background", "The data processor processes personal data on behalf of its customers (the data "
          "controllers) and uses MedCom as sub-processor for the transport over SDN."),
         ("§ 2. Instructions", "The sub-processor processes personal data only on instructions from the data "
          "processor, who passes on the instructions of the data controllers."),
         ("§ 3. Security", "The sub-processor implements appropriate technical and organisational measures and "
          "notifies the data processor without undue delay of any breach."),
         ("§ 4. Term", "The agreement applies for as long as the data processor is connected to SDN.")],
        "Signatures", _EN_SIG, _EN_ANNEX),
}
