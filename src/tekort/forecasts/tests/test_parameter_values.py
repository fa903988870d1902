"""The parameters page writes values the Dutch way (issue 16): "0,72; 0,05", "25.000"."""

from django.utils import translation

from tekort.forecasts.templatetags.forecasts_format import parameter_value


def test_parameter_values_are_dutch_numbers():
    with translation.override("nl"):
        assert parameter_value([0.72, 0.05, 0.0]) == "0,72; 0,05; 0"
        assert parameter_value(0.7567811934900542) == "0,7568"
        assert parameter_value(25000.0) == "25.000"
        assert parameter_value(4) == "4"
        assert parameter_value(2285) == "2.285"
        assert parameter_value(3.433333333333333) == "3,433"
        assert parameter_value(0.00012) == "0,00012"
        assert parameter_value("tekst") == "tekst"
