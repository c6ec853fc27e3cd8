using Bunit;
using ComplianceDashboard.Web.Components.Shared;
using MudBlazor;

namespace ComplianceDashboard.Web.Tests.Components;

/// <summary>The date-and-time field of the record dialogs: en-GB dates and 24-hour times, read as UTC.</summary>
public sealed class UtcMomentFieldTests : ComponentTestBase
{
    private IRenderedComponent<UtcMomentField> Field(DateTime? initial, Action<DateTime?> changed) =>
        Context.Render<UtcMomentField>(p => p.Add(x => x.Label, "Received (UTC)").Bind(x => x.Value, initial, changed));

    [Fact]
    public void ABritishDateAndA24HourTime_AreOneMomentInUtc()
    {
        DateTime? value = new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc);
        var field = Field(value, v => value = v);

        field.FindComponent<MudDatePicker>().Find("input").Change("06/12/2026");
        field.WaitForAssertion(() => Assert.Equal(new DateTime(2026, 12, 6, 3, 4, 0, DateTimeKind.Utc), value));
        field.FindComponent<MudTimePicker>().Find("input").Change("14:30");

        field.WaitForAssertion(() => Assert.Equal(new DateTime(2026, 12, 6, 14, 30, 0, DateTimeKind.Utc), value));
        Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);
        Assert.Equal("06/12/2026", field.FindComponent<MudDatePicker>().Find("input").GetAttribute("value"));
    }

    [Fact]
    public void ChangingTheDate_KeepsTheTimeOfDay()
    {
        DateTime? value = new DateTime(2026, 1, 2, 9, 45, 0, DateTimeKind.Utc);
        var field = Field(value, v => value = v);

        field.FindComponent<MudDatePicker>().Find("input").Change("28/02/2026");

        field.WaitForAssertion(() => Assert.Equal(new DateTime(2026, 2, 28, 9, 45, 0, DateTimeKind.Utc), value));
    }
}
