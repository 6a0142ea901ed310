using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Web.Features.Identity;

/// <summary>
/// Authenticator-app codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) that each work once. ASP.NET Identity's own provider
/// accepts the same code again for as long as it is in its ±2-step window, so a code seen over someone's shoulder (or replayed from
/// a captured form post) would sign in a second time. This provider remembers the last time step it accepted for each account (a
/// row of the account's authentication tokens) and accepts only a later one. The step is claimed with one conditional update
/// (or one insert), so of two requests racing with the same code only one succeeds.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(TimeProvider time, IDbContextFactory<IdentityStore> stores) : AuthenticatorTokenProvider<ConsiliumUser>
{
    public const string ProviderName = "ConsiliumAuthenticator";

    /// <summary>Where the last accepted step is kept (AspNetUserTokens: login provider, name).</summary>
    public const string TokenLoginProvider = "[Consilium]";

    public const string LastStepTokenName = "AuthenticatorLastStep";

    /// <summary>Steps accepted either side of now (clock drift between the server and the phone), as Identity's own provider does.</summary>
    public const int AllowedDrift = 2;

    private const int StepSeconds = 30;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ConsiliumUser> manager, ConsiliumUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(token) || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || Base32.Decode(key) is not { Length: > 0 } secret)
        {
            return false;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - AllowedDrift; step <= now + AllowedDrift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(token))
                && await ClaimAsync(user.Id, step))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Records <paramref name="step"/> as the account's last accepted one, unless it (or a later one) was accepted before.</summary>
    private async Task<bool> ClaimAsync(string userId, long step)
    {
        // Fixed width, so the stored text orders as the number does on every provider.
        var value = step.ToString("D19", CultureInfo.InvariantCulture);
        await using var db = await stores.CreateDbContextAsync();
        var claimed = await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == TokenLoginProvider && t.Name == LastStepTokenName && string.Compare(t.Value, value) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value));
        if (claimed == 1)
        {
            return true;
        }
        if (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == TokenLoginProvider && t.Name == LastStepTokenName))
        {
            return false;
        }
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = TokenLoginProvider, Name = LastStepTokenName, Value = value });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request recorded its step first.
            return false;
        }
    }

    /// <summary>The 6-digit code of <paramref name="step"/> (RFC 4226 dynamic truncation of HMAC-SHA1 over the big-endian step).</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // HMAC-SHA1 is what RFC 6238 authenticator apps compute
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (the authenticator key as Identity stores it), case-insensitive, padding ignored; null when invalid.</summary>
    private static class Base32
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        public static byte[]? Decode(string text)
        {
            var bytes = new List<byte>(text.Length * 5 / 8);
            int buffer = 0, bits = 0;
            foreach (var c in text.TrimEnd('='))
            {
                var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
                if (value < 0)
                {
                    return null;
                }
                buffer = (buffer << 5) | value;
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes.Add((byte)(buffer >> bits));
                    buffer &= (1 << bits) - 1;
                }
            }
            return [.. bytes];
        }
    }
}
