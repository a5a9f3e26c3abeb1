package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RecordCodecTests {

    @Test
    void encodeThenDecode_givesTheSameTexts_chineseIncluded() {
        String request = "{\"community\":{\"id\":\"YR-2020-013\",\"name\":\"县粮食局宿舍\"},\"asOf\":\"2020-09-01\"}";
        String response =
                "{\"decisionId\":\"X\",\"funding\":{\"totals\":[{\"source\":\"RESIDENTS\",\"amount\":120000.00}]}}";

        RecordCodec.Texts t = RecordCodec.decode(RecordCodec.encode(request, response));

        assertThat(t.requestJson()).isEqualTo(request);
        assertThat(t.responseJson()).isEqualTo(response);
        assertThat(RecordCodec.decode(RecordCodec.encode("", "")).requestJson()).isEmpty();
    }

    @Test
    void aRecordedDecisionOfTheBaseline_storesInUnderAFifthOfItsText() throws Exception {
        String line = Files.readAllLines(Path.of("test-data/program/baseline.jsonl")).stream()
                .filter(l -> l.contains("\"YR-2021-028\"") && l.startsWith("{\"decisionId\""))
                .findFirst()
                .orElseThrow();
        DecisionRecord r = DecisionRecord.fromJson(AuditJson.parse(line));
        int text = (r.requestJson() + r.responseJson()).getBytes(StandardCharsets.UTF_8).length;

        byte[] body = RecordCodec.encode(r.requestJson(), r.responseJson());

        assertThat(body.length).isLessThan(text / 5);
        assertThat(RecordCodec.decode(body).responseJson()).isEqualTo(r.responseJson());
    }

    @Test
    void decode_alteredTruncatedOrForeignBytes_isRefusedNotMisread() {
        byte[] body = RecordCodec.encode("{\"a\":1}", "{\"b\":2}");
        byte[] flipped = body.clone();
        flipped[body.length - 6] ^= 0x10;

        assertThatThrownBy(() -> RecordCodec.decode(flipped)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCodec.decode(Arrays.copyOf(body, body.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCodec.decode("not zstd".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDictionary_isTheOneFormat2WasWrittenWith() throws Exception {
        byte[] dict = Files.readAllBytes(Path.of("src/main/resources" + RecordCodec.DICTIONARY));

        assertThat(HexFormat.of().formatHex(Chain.sha256().digest(dict))).isEqualTo(RecordCodec.DICTIONARY_SHA256);
    }
}
