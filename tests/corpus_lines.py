"""Lines of the real corpus (cleaned text), shared by the structure and answering tests."""

WOERDEN = """Argumenten

1. Deelname aan de ICT-coöperatie kan ons helpen de effecten die wij in de vorige paragraaf hebben genoemd te realiseren.

a. De ontwikkelde software is eigendom van de ICT-coöperatie. Deelname aan de ICT-coöperatie geeft ons toegang tot gezamenlijk beter, sneller, flexibeler, goedkoper software (laten) maken en delen om (in de toekomst) gebruik van te maken.

b. Ons uitgangspunt om steeds consequenter te denken en werken vanuit de inwoner en medewerker stelt andere eisen aan software die we niet vanzelfsprekend vinden bij de huidige leveranciers.

c. Toetreden bij de ICT-coöperatie past bij onze wens om waar het mogelijk is met andere gemeenten samen te werken.

d. Door in een vroegtijdig stadium aan te sluiten bij de ICT-coöperatie kunnen we bijdragen en invloed uitoefenen op de daadwerkelijke vormgeving van de organisatie en werkwijze.

e. Door toe te treden tot de ICT-coöperatie sluiten wij aan bij de doelen van de digitale agenda 2020 en de collectiviseringsgedachte (massaal digitaal en maatwerk lokaal) van de VNG. Zie bijlage 3 voor het rapport Coöperatief vernieuwen.

f. Aansluiten bij de ICT coöperatie biedt ons de mogelijkheid om de beweging naar meer onafhankelijkheid van softwareleveranciers, flexibiliteit te maken en daar concreet vorm aan te geven.

g. Toetreden tot de ICT-coöperatie biedt ons de mogelijkheid om ons eigen softwareprogramma (Cumulus) te delen met andere gemeenten en gezamenlijk het beheer uit te voeren.

h. Wij kunnen gebruik maken van softwareprogramma 's die door andere gemeenten beschikbaar worden gesteld binnen de ICT-coöperatie en/of samen met anderen nieuwe software ontwikkelen.

i Samen ontwikkelen betekent lagere ontwikkelkosten en lagere beheerlasten per gemeente

Kanttekeningen, risico's en alternatieven

1. Deelname aan de ICT-coöperatie kan ons helpen onze doelen te realiseren maar:
a. Her betreft een innovatieve ontwikkeling. Dit betekent dat het doel helder is maar ook nog veel zaken verder uitgewerkt moeten worden.

b. Er zijn nog geen afspraken gemaakt over de voorwaarden en de financiële vergoeding waaronder zelfontwikkelde software kan worden ingebracht.

c. Het lidmaatschap moet al betaald worden en we weten nog niet wat het toekomstig aanbod is.

d. Uittreden kan leiden tot kosten (maximaal een jaar contributie).
e. Naast de lidmaatschapskosten zullen we ook ambtelijke uren moeten inzetten om de visie van de ICT-coöperatie verder uit te werken.

Beheersmaatregelen:
Per nieuw te ontwikkelen of te kopen software (punt 1c) wordt met de geïnteresseerden een business case en afspraken over kosten en risico's gemaakt. De ICT-coöperatie Beware is een coöperatie UA (uitgesloten aansprakelijkheid).

Financiële gevolgen van het voorgestelde besluit

« De lidmaatschapskosten zijn €22.000 per jaar. Dit is gebaseerd op €0,35 /per inwoner per jaar uitgaande van een verzorgingsgebied van minimaal 600.000 inwoners.

» De kosten voor het (laten) vervaardigen van de applicaties worden gedeeld door de deelnemers die gebruik willen maken van die applicatie.
"""

FTE = """De personeelskosten zijn in 2022 met 7 euro per inwoner toegenomen naar 53 euro per inwoner. Daarnaast valt op dat de verschuiving van de regieorganisatie ingezet lijkt te zijn en dat de kosten voor eigen personeel zijn gebleven.
Toename totale fte’s
In 2022 is het aantal ICT-personeel gemiddeld met 6% toegenomen. Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners, zie figuur 10. In 2021 was dit nog 52 fte. Zie hiervoor ook figuur 11.

Figuur 10: Aantal fte’s ICT-personeel per 100.000 inwoners
"""

RID = """Bij scenario’s voor de toekomst van RID De Liemers gaat het om scenario’s voor het leveren van de gewenste ICT-dienstverlening door óf de RID of door een andere partij, danwel in een combinatie van mogelijkheden. Op papier gaat het dan om de volgende scenario’s (in willekeurige volgorde):

1. dóór met de RID, maar dan wel zorgen dat de RID kan en gaat voldoen aan de eisen die de gemeenten stellen aan de ICT-dienstverlening van de RID;

2. de gewenste ICT-dienstverlening betrekken van een andere ICT-samenwerking;
3. de gewenste ICT-dienstverlening betrekken van een gastgemeente;
4. de gewenste ICT-dienstverlening betrekken van 1 of meer commerciële ICT-dienstverleners;
5. de gewenste ICT-dienstverlening in eigen huis organiseren (zelf doen);
6. een combinatie van deze mogelijkheden.

Andere verwachtingen
Alvorens deze afzonderlijke scenario’s ten opzichte van elkaar te positioneren, is het van belang stil te staan bij het feit dat de verwachtingen anders zijn.
"""

# 004, appendix 1 of the RID report: numbered items, the first with its explanation in paragraphs
WERKPAKKET = """1.1 ICT-WERKPAKKET

Het ICT-werkpakket voor gemeenten de komende jaren laat zich samenvatten in zes clusters:
1. Zorgen dat de basis-ICT goed op orde is en blijft, inclusief het beheer daarvan en inclusief zorgen voor

(meer) wendbaarheid. We hebben het in dit kader over werkplekken, verbindingen, opslagvoorzieningen, randapparatuur zoals printers, schermen e.d. alsook faciliteiten voor hybride werken e.a. waarbij ook wendbaarheid steeds belangrijker is/wordt, o.a. om (desgewenst) makkelijker te kunnen wisselen van ICT en leverancier(s)).

2. Zorgen dat zowel de interne informatievoorziening (bedoeld voor de eigen organisatie) als de externe informatievoorziening (bedoeld voor de inwoners en ketenpartners) op orde is en blijft. Hierin gaat het o.a. om actualiteit, betrouwbaarheid, vindbaarheid, toegankelijkheid, openheid, begrijpelijkheid en gebruiksgemak.

3. Voldoen aan wet- en regelgeving, inclusief het invoeren en vertalen van nieuwe wet- en regelgeving met daarin veelal een steeds grotere ICT-/digitaliseringscomponent (zoals wetten die gebruik van bepaalde digitale kanalen en portalen verplicht stellen, waaronder de Omgevingswet, de Wet open overheid, de Wet elektronische publicaties en de Wet modernisering bestuurlijk elektronisch verkeer).

4. Zorgen voor een goede informatiebeveiliging, security en recovery. Waarbij onder ‘recovery’ wordt verstaan: het snel weer in de lucht zijn na bijvoorbeeld uitval van systemen als gevolg van bijvoorbeeld een incident.

5. Innoveren met ICT, variërend van datagedreven werken tot en met gebruik van sensoren, ‘digital twins’ en kunstmatige intelligentie voor betere publieke dienstverlening. NB: Innoveren met ICT vraagt om een wezenlijk andere besturing/governance dan reguliere ‘exploitatie’ van ICT.

6. Op peil brengen en houden van de digitale volwassenheid van de organisatie en medewerkers.
"""
