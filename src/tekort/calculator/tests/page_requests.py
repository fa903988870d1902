"""What the calculator's page tests send: the addresses of its pages and JSON twins, and BASE,
the smallest complete calculation (from 0,6 to 0,8 fte at €5,000 a month full time, 2026)."""

from django.urls import reverse

PAGE = reverse("calculator:calculator")
JSON = reverse("calculator:calculation-json")
RESULT = reverse("calculator:result")
CURVE = reverse("calculator:curve-json")
POLICY = reverse("calculator:policy-json")
SPLIT = reverse("calculator:split")
SPLIT_JSON = reverse("calculator:split-json")
BASE = {"fte": "0,6", "fte_to": "0,8", "year": "2026", "monthly_salary_fulltime": "5000"}
