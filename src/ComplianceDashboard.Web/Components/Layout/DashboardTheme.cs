using MudBlazor;

namespace ComplianceDashboard.Web.Components.Layout;

/// <summary>The app's colours: calm, high-contrast, regulator-friendly.</summary>
public static class DashboardTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f91",
            Secondary = "#00796b",
            AppbarBackground = "#1d4f91",
            Background = "#f5f7fa",
            Success = "#2e7d32",
            // Dark enough for white text on filled chips and for coloured text on white (WCAG AA, 4.5:1).
            Warning = "#8a5300",
            Info = "#1565c0",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            Secondary = "#4db6ac",
            AppbarBackground = "#1b2430",
            Background = "#121820",
            Surface = "#1b2430",
            DrawerBackground = "#161d27",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
