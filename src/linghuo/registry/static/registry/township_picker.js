// The registration form: the work township list offers only the townships of the chosen district.
// Without this script every township is listed; the server refuses one outside the district either way.
(function () {
  "use strict";
  var district = document.getElementById("id_place_division");
  var township = document.getElementById("id_work_township");
  if (!district || !township) { return; }
  var groups = Array.prototype.slice.call(township.getElementsByTagName("optgroup"));
  function countyOf(group) {
    var first = group.querySelector("option[data-county]");
    return first ? first.getAttribute("data-county") : "";
  }
  function offer() {
    var chosen = township.value;
    groups.forEach(function (group) {
      if (group.parentNode === township) { township.removeChild(group); }
    });
    var kept = false;
    groups.forEach(function (group) {
      if (countyOf(group) === district.value) {
        township.appendChild(group);
        kept = Array.prototype.some.call(group.children, function (option) {
          return option.value === chosen;
        });
      }
    });
    township.value = kept ? chosen : "";
  }
  district.addEventListener("change", offer);
  offer();
})();
