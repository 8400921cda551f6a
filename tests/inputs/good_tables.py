"""Six good tables as CSV text, for the import and export tests (not a test module)."""

GOOD = {
    "sites": (
        "id,name,locality,postcode,lat,lon,pads,unit_types,min_weeks,unavailable,source\n"
        "S17,Tring Sportspace,Tring,hp23 5,51.7925,-0.648,2,outpatient;radiology,1,"
        "2027-02-15..2027-02-19,approx\n"
        "S01,Hemel Hempstead Hospital,Hemel Hempstead,HP24AD,51.7509,-0.4686,3,"
        "outpatient;theatre;radiology,,,ODS\n"
    ),
    "practices": (
        "id,name,locality,postcode,lat,lon,list_size,list_size_date,source\n"
        "E82001,Rothschild House,Tring,HP23 6PU,51.7908,-0.6689,43859,2026-04-01,NHS Digital\n"
        "E82022,Fernville Surgery,Hemel Hempstead,HP2 5BL,51.7546,-0.4718,18633,,\n"
    ),
    "units": (
        "id,name,type,rooms,capabilities,setup_days,unavailable,source\n"
        "op-1,Outpatient unit 1,outpatient,3,,1,2027-03-01..2027-03-05;2027-04-01,\n"
        "rad-1,Radiology unit 1,radiology,1,xray;ultrasound,1,,\n"
    ),
    "services": (
        "id,name,unit_type,capability,slots_per_session,staff,max_wait_weeks,max_travel_km,source\n"
        "dermatology,Dermatology clinic,outpatient,,12,dermatology,18,15,\n"
        "xray,X-ray,radiology,xray,30,radiographer,6,,\n"
    ),
    "clinicians": (
        "id,name,skills,base,base_lat,base_lon,max_travel_km,availability,"
        "max_sessions_per_week,leave,source\n"
        "c-derm-1,Dr A,dermatology,Watford General,51.6479,-0.4035,30,Mon-AM;Thu-PM,3,"
        "2027-03-01..2027-03-05,\n"
        "c-rad-1,B Radiographer,radiographer,,,,,Tue-AM;Tue-PM,,,\n"
    ),
    "demand": (
        "practice,service,per_week,source\nE82001,dermatology,3.5,list x rate\nE82022,xray,12.25,\n"
    ),
}
